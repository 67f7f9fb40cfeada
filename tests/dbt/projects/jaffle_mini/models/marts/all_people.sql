{{ config(materialized='view') }}
{{ dbt_utils.union_relations(relations=[ref('raw_customers'), ref('raw_employees')], exclude=['last_name']) }}
