import type { ModelShape } from "./project-shape.ts";

/**
 * The same models as jinja-models.ts in Dataform's SQLX: JavaScript
 * expressions in `${...}` stand in for Jinja, functions in includes/ for
 * macros, and workflow_settings.yaml vars for `var()`.
 */
export function dataformModel(model: ModelShape): string {
  const header = `-- ${model.name}: layer ${model.layer}, ${model.style} model of the benchmark project.\n`;
  return header + dataformBody(model);
}

function dataformBody(model: ModelShape): string {
  const [first, second] = model.refs;
  switch (model.style) {
    case "staging":
      return `config { type: "view", tags: ["staging"] }

select
  id,
  customer_id,
  amount_cents / 100.0 as amount,
  lower(status) as status,
  category,
  cast(created_at as date) as created_at
from \${ref("${model.source}")}
where cast(created_at as date) >= date '\${dataform.projectConfig.vars.start_date}'
`;
    case "join":
      return `config { type: "view" }

select
  a.id,
  a.customer_id,
  a.amount + coalesce(b.amount, 0) as amount,
  a.status,
  a.category,
  a.created_at
from \${ref("${first}")} as a
left join \${ref("${second}")} as b on a.id = b.id
`;
    case "macro":
      return `config { type: "view" }

select
  id,
  customer_id,
  \${macros.round_amount("amount * 1.2")} as amount,
  status,
  category,
  created_at
from \${ref("${first}")}
where \${macros.status_in(["open", "paid", "returned"])}
`;
    case "loop":
      return `config { type: "view" }

select
  id,
  customer_id,
  \${["open", "paid", "returned"].map((s) => "coalesce(case when status = '" + s + "' then amount end, 0)").join(" +\\n  ")}
  as amount,
  status,
  category,
  created_at
from \${ref("${first}")}
\${dataform.projectConfig.vars.include_cancelled === "true" ? "where true" : "where status <> 'cancelled'"}
`;
    case "mart":
    case "mart-macro":
      return `config {
  type: "table",
  tags: ["marts"],
  assertions: { nonNull: ["customer_id"] }
}

select
  customer_id,
  category,
  count(*) as orders,
  sum(amount) as amount,${model.style === "mart-macro" ? '\n  ${macros.amount_band("sum(amount)")} as amount_band,' : ""}
  max(created_at) as last_order_at
from \${ref("${first}")}
group by customer_id, category
`;
  }
}

/** The project's macros as an includes/ file. */
export const dataformMacros = `function round_amount(column, digits = 2) {
  return "round(" + column + ", " + digits + ")";
}

function status_in(values) {
  return "status in (" + values.map((v) => "'" + v + "'").join(", ") + ")";
}

function amount_band(column) {
  return (
    "case when " + column + " < 10 then 'small' when " + column +
    " < 100 then 'medium' else 'large' end"
  );
}

module.exports = { round_amount, status_in, amount_band };
`;
