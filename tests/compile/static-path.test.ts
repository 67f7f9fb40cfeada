import nunjucks from "nunjucks";
import { describe, expect, it } from "vitest";
import {
  parseStaticTemplate,
  renderStaticTemplate,
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

function renderWithNunjucks(template: string) {
  const log: unknown[] = [];
  const env = new nunjucks.Environment(null, { autoescape: false });
  for (const [name, fn] of Object.entries(recordingGlobals(log))) {
    env.addGlobal(name, fn);
  }
  const output = new nunjucks.Template(template, env, "t.sql", true).render({});
  return { output, log };
}

function renderStatic(template: string) {
  const log: unknown[] = [];
  const parsed = parseStaticTemplate(template);
  if (!parsed) return undefined;
  return { output: renderStaticTemplate(parsed, recordingGlobals(log)), log };
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
    "{{ my_macro('a') }}",
    "{{ ref(name) }}",
    "{{ config(x='a\\nb') }}",
    "{{ config(x={'a': {'b': 1}}) }}",
    "{{ config(x=1, 'positional') }}",
    "{{ ref('a' }}",
    "{{ ref('a')",
    "{{ var('n', -1) }}",
  ])("leaves other syntax to Nunjucks: %s", (template) => {
    expect(parseStaticTemplate(template)).toBeUndefined();
  });
});
