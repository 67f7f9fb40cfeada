import nunjucks from "nunjucks";
import { describe, expect, it } from "vitest";
import { createEnvironment, macroOf } from "../../src/compile/environment.ts";
import { newScope } from "../../src/compile/render-scope.ts";
import type { Diagnostic } from "../../src/errors/index.ts";
import {
  parseStaticTemplate,
  renderStaticTemplate,
  staticRenderer,
} from "../../src/compile/static-path.ts";

/** Globals that return a tag of their call and log the arguments. */
function recordingGlobals(log: unknown[]) {
  const record =
    (name: string) =>
    (...args: unknown[]): unknown => {
      log.push([name, JSON.parse(JSON.stringify(args))]);
      if (name === "config") return "";
      if (name === "var") return args[1] ?? null;
      return `<${name}:${args.filter((a) => typeof a === "string").join(".")}>`;
    };
  return {
    ref: record("ref"),
    source: record("source"),
    config: record("config"),
    var: record("var"),
  };
}

/** Renders through Nunjucks in the environment models render in. */
function renderWithNunjucks(template: string) {
  const log: unknown[] = [];
  const env = createEnvironment([], recordingGlobals(log), []);
  const output = new nunjucks.Template(template, env, "t.sql", true).render({});
  return { output, log };
}

function renderStatic(template: string) {
  const log: unknown[] = [];
  const parsed = parseStaticTemplate(template);
  if (!parsed) return undefined;
  const globals: Record<string, (...args: unknown[]) => unknown> =
    recordingGlobals(log);
  return { output: renderStaticTemplate(parsed, (name) => globals[name]), log };
}

const staticTemplates = [
  "select 1",
  "",
  "select * from {{ ref('orders') }}",
  "{{ref(\"a\")}} join {{ ref('pkg', 'b') }}",
  "select * from {{ source('landing', 'orders') }} -- }} and {",
  "{{ config(materialized='table', tags=['a', 'b'], enabled=true) }}\nselect 1",
  "{{ config({'materialized': 'view', 'meta': {'owner': 'x', 'n': 3} }) }}",
  "where d >= '{{ var('start', '2020-01-01') }}' and n < {{ var('n', 1.5) }}",
  "{{ var('missing', none) }}|{{ var('flag', false) }}|{{ var('list', [1, 2]) }}",
  "{{ config(x=1, y=none, z=[]) }}{{ config() }}",
  "{{ var('flag', true) }} {{ var('items', ['a', 'b']) }} {{ var('d', {'k': 1}) }}",
];

describe("static path", () => {
  it.each(staticTemplates)("renders like Nunjucks: %s", (template) => {
    const fast = renderStatic(template);
    expect(fast).toBeDefined();
    expect(fast).toEqual(renderWithNunjucks(template));
  });

  it.each([
    "{% if x %}a{% endif %}",
    "{# comment #}",
    "{{ ref('a') | upper }}",
    "{{- ref('a') }}",
    "{{ ref('a') -}}",
    "{{ this }}",
    "{{ dbt_utils.star('a') }}",
    "{{ ref(name) }}",
    "{{ config(x='a\\nb') }}",
    "{{ config(x={'a': {'b': 1}}) }}",
    "{{ config(x=1, 'positional') }}",
    "{{ ref('a' }}",
    "{{ ref('a')",
    "{{ var('n', -1) }}",
    // Nunjucks reads `not` as the operator and the others as literals, so
    // these keyword names are syntax errors there.
    "{{ config(not=1) }}",
    "{{ config(true=1) }}",
    "{{ config(none=1) }}",
    "{{ config(null=1) }}",
    // Nunjucks' lexer takes only these as whitespace: " \n\t\r\u00a0".
    "{{\fref('a') }}",
    "{{ ref('a')\v}}",
    "{{ ref(\u2003'a') }}",
  ])("leaves other syntax to Nunjucks: %s", (template) => {
    expect(parseStaticTemplate(template)).toBeUndefined();
  });
});

describe("static path with macros", () => {
  const macros = {
    path: "macros/m.sql",
    text: `{% macro round_amount(column, digits=2) -%}
round({{ column }}, {{ digits }})
{%- endmacro %}
{% macro status_in(values) -%}
status in ({% for v in values %}'{{ v }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
{% macro upstream(name) %}{{ ref(name) }}{% endmacro %}`,
  };

  function setUp() {
    const log: unknown[] = [];
    const globals: Record<string, unknown> = {
      ...recordingGlobals(log),
      is_incremental: () => {
        log.push(["is_incremental"]);
        return false;
      },
    };
    const diagnostics: Diagnostic[] = [];
    const env = createEnvironment([macros], globals, diagnostics);
    expect(diagnostics).toEqual([]);
    const render = staticRenderer(globals, (name) => macroOf(env, name));
    const scope = newScope("m", "models/m.sql", '"main"."m"');
    return { log, env, render, scope };
  }

  it.each([
    "select {{ round_amount('amount') }} from {{ ref('orders') }}",
    "select {{ round_amount('amount', digits=4) }} where {{ status_in(['open', 'paid']) }}",
    "select * from {{ upstream('orders') }}",
  ])("renders macro calls like Nunjucks: %s", (template) => {
    const fast = setUp();
    const output = fast.render(fast.scope, template);
    const slow = setUp();
    const expected = new nunjucks.Template(
      template,
      slow.env,
      "m.sql",
      true,
    ).render({});
    expect(output).toBe(expected);
    expect(fast.log).toEqual(slow.log);
  });

  it.each(["{{ not('a') }}", "{{ valueOf() }}", "{{ constructor('a') }}"])(
    "renders shadowed macro names like Nunjucks: %s",
    (template) => {
      const named = {
        path: "macros/named.sql",
        text: `{% macro not(x) %}macro{% endmacro %}
{% macro valueOf() %}macro{% endmacro %}
{% macro constructor(x) %}macro{% endmacro %}`,
      };
      const globals = recordingGlobals([]);
      const env = createEnvironment([named], globals, []);
      const render = staticRenderer(globals, (name) => macroOf(env, name));
      const scope = newScope("m", "models/m.sql", '"main"."m"');
      const expected = new nunjucks.Template(template, env, "m.sql", true);

      expect(render(scope, template) ?? expected.render({})).toBe(
        expected.render({}),
      );
    },
  );

  it("leaves other globals to Nunjucks", () => {
    const { log, render, scope } = setUp();
    const template = "{{ ref('a') }} {{ is_incremental() }}";
    expect(parseStaticTemplate(template)).toBeDefined();
    expect(render(scope, template)).toBeUndefined();
    expect(log).toEqual([]);
    expect(render(scope, "{{ no_such_macro('a') }}")).toBeUndefined();
  });

  it("leaves macros to Nunjucks without macroOf", () => {
    const { log, scope } = setUp();
    const render = staticRenderer(recordingGlobals(log));
    expect(render(scope, "{{ round_amount('a') }}")).toBeUndefined();
  });
});
