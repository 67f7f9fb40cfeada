/**
 * The most used macros of dbt's utility package, written for strata from
 * their documented behaviour (dbt_utils 1.x README). Each is registered as
 * `dbt_utils__<name>` and called as `dbt_utils.<name>(...)`. The generic
 * tests are the macros `test_<name>`, so `dbt_utils.<name>` in a `tests:`
 * list finds them. A project macro of the same name replaces one.
 *
 * strata compiles without a database connection, so macros that list a
 * relation's columns render DuckDB's own column expressions instead:
 * `star` renders `* exclude (...)` and `union_relations` uses
 * `union all by name`.
 */
export const dbtUtilsMacros = `
{% macro dbt_utils__generate_surrogate_key(field_list) %}
md5(cast(
{%- for field in field_list -%}
coalesce(cast({{ field }} as varchar), '_dbt_utils_surrogate_key_null_')
{%- if not loop.last %} || '-' || {% endif -%}
{%- endfor -%}
 as varchar))
{%- endmacro %}

{% macro dbt_utils__star(from, relation_alias=none, except=[], prefix='', suffix='', quote_identifiers=true) %}
{%- if prefix or suffix -%}
columns(c -> c not in ({% for column in except %}'{{ column }}'{% if not loop.last %}, {% endif %}{% else %}''{% endfor %})) as '{{ prefix }}\\0{{ suffix }}'
{%- else -%}
{{ relation_alias ~ '.' if relation_alias else '' }}*
{%- if except | length > 0 %} exclude ({% for column in except %}"{{ column }}"{% if not loop.last %}, {% endif %}{% endfor %}){% endif -%}
{%- endif -%}
{%- endmacro %}

{% macro dbt_utils__date_spine(datepart, start_date, end_date) %}
select range as date_{{ datepart }}
from range(cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval 1 {{ datepart }})
{% endmacro %}

{% macro dbt_utils__pivot(column, values, alias=true, agg='sum', cmp='=', prefix='', suffix='', then_value=1, else_value=0, quote_identifiers=true, distinct=false) %}
{%- for value in values -%}
{{ agg }}({{ 'distinct ' if distinct else '' }}case when {{ column }} {{ cmp }} '{{ value | string | replace("'", "''") }}' then {{ then_value }} else {{ else_value }} end)
{%- if alias %} as {% if quote_identifiers %}"{{ prefix ~ value ~ suffix }}"{% else %}{{ prefix ~ value ~ suffix }}{% endif %}{% endif %}
{%- if not loop.last %},
{% endif -%}
{%- endfor -%}
{%- endmacro %}

{% macro dbt_utils__union_relations(relations, exclude=[], include=[], source_column_name='_dbt_source_relation', where=none) %}
{%- for relation in relations %}
select
  {% if source_column_name %}cast('{{ relation }}' as varchar) as "{{ source_column_name }}",{% endif %}
  {% if include | length > 0 %}{{ include | join(', ') }}{% else %}{% if exclude | length > 0 %}columns(c -> c not in ({% for column in exclude %}'{{ column }}'{% if not loop.last %}, {% endif %}{% endfor %})){% else %}*{% endif %}{% endif %}
from {{ relation }}
{% if where %}where {{ where }}{% endif %}
{% if not loop.last %}union all by name{% endif %}
{%- endfor %}
{% endmacro %}

{% macro test_expression_is_true(model, expression, column_name=none) %}
select * from {{ model }}
where not ({{ column_name ~ ' ' if column_name else '' }}{{ expression }})
{% endmacro %}

{% macro test_unique_combination_of_columns(model, combination_of_columns, quote_columns=false) %}
select {{ combination_of_columns | join(', ') }}, count(*) as n_records
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endmacro %}

{% macro test_accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
select * from {{ model }}
where not (true
{%- if min_value != none %} and {{ column_name }} {{ '>=' if inclusive else '>' }} {{ min_value }}{% endif %}
{%- if max_value != none %} and {{ column_name }} {{ '<=' if inclusive else '<' }} {{ max_value }}{% endif %})
{% endmacro %}
`;

/** The macros `dbt_utils.<name>` reaches, by name. */
export const dbtUtilsNames = [
  "generate_surrogate_key",
  "star",
  "date_spine",
  "pivot",
  "union_relations",
] as const;
