import type { ModelShape } from "./project-shape.ts";

/**
 * Model SQL in Jinja syntax, which strata (Nunjucks) and dbt both read.
 * Only the materialization of marts differs between the tools, so the
 * caller passes it.
 */
export function jinjaModel(
  model: ModelShape,
  tableMaterialized: string,
): string {
  const header = `-- ${model.name}: layer ${model.layer}, ${model.style} model of the benchmark project.\n`;
  return header + jinjaBody(model, tableMaterialized);
}

function jinjaBody(model: ModelShape, tableMaterialized: string): string {
  const [first, second] = model.refs;
  switch (model.style) {
    case "staging":
      return `{{ config(materialized='view', tags=['staging']) }}
select
  id,
  customer_id,
  amount_cents / 100.0 as amount,
  lower(status) as status,
  category,
  cast(created_at as date) as created_at
from {{ source('landing', '${model.source}') }}
where cast(created_at as date) >= date '{{ var("start_date", "2020-01-01") }}'
`;
    case "join":
      return `select
  a.id,
  a.customer_id,
  a.amount + coalesce(b.amount, 0) as amount,
  a.status,
  a.category,
  a.created_at
from {{ ref('${first}') }} as a
left join {{ ref('${second}') }} as b on a.id = b.id
`;
    case "macro":
      return `select
  id,
  customer_id,
  {{ round_amount('amount * 1.2') }} as amount,
  status,
  category,
  created_at
from {{ ref('${first}') }}
where {{ status_in(['open', 'paid', 'returned']) }}
`;
    case "loop":
      return `select
  id,
  customer_id,
  {% for s in ['open', 'paid', 'returned'] -%}
  coalesce(case when status = '{{ s }}' then amount end, 0){% if not loop.last %} +{% endif %}
  {% endfor -%}
  as amount,
  status,
  category,
  created_at
from {{ ref('${first}') }}
{% if var('include_cancelled', false) -%}
where true
{%- else -%}
where status <> 'cancelled'
{%- endif %}
`;
    case "mart":
    case "mart-macro":
      return `{{ config(materialized='${tableMaterialized}', tags=['marts']) }}
select
  customer_id,
  category,
  count(*) as orders,
  sum(amount) as amount,${model.style === "mart-macro" ? "\n  {{ amount_band('sum(amount)') }} as amount_band," : ""}
  max(created_at) as last_order_at
from {{ ref('${first}') }}
group by customer_id, category
`;
  }
}

/** The project's macros, in one file. */
export const jinjaMacros = `{% macro round_amount(column, digits=2) -%}
round({{ column }}, {{ digits }})
{%- endmacro %}

{% macro status_in(values) -%}
status in ({% for value in values %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}

{% macro amount_band(column) -%}
case when {{ column }} < 10 then 'small' when {{ column }} < 100 then 'medium' else 'large' end
{%- endmacro %}
`;
