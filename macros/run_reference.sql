{#- The run's reference date as a SQL DATE expression: the var reference_date
    when it is set (tests and replays pin it), else the first day of the
    current quarter in the country's time zone. -#}
{% macro reference_date_sql() -%}
{%- if var('reference_date', '') -%}
DATE '{{ var('reference_date') }}'
{%- else -%}
CAST(date_trunc('quarter', timezone('{{ country.time_zone }}', current_timestamp)) AS DATE)
{%- endif -%}
{%- endmacro %}

{#- The date `month_offset` months after the reference date: the start of
    that month of int_value_projection. -#}
{% macro projection_month_start(reference_date, month_offset) -%}
CAST({{ reference_date }} + to_months({{ month_offset }}) AS DATE)
{%- endmacro %}
