import { describe, expect, it } from "vitest";
import { sourceLineOf } from "../../src/run/sql-location.ts";

describe("sourceLineOf", () => {
  it("maps a line without templating", () => {
    const raw = "{{ config(materialized='table') }}\nselect id,\n  bad\nfrom t";
    const compiled = "\nselect id,\n  bad\nfrom t";

    expect(sourceLineOf(raw, compiled, 3)).toBe(3);
  });

  it("maps a line with an expression", () => {
    const raw = [
      "{%- set p = country.params %}",
      "select id,",
      "  id * {{ p.factor }} as scaled",
      "from {{ ref('src') }}",
    ].join("\n");
    const compiled = 'select id,\n  id * abc as scaled\nfrom "main"."src"';

    expect(sourceLineOf(raw, compiled, 2)).toBe(3);
    expect(sourceLineOf(raw, compiled, 3)).toBe(4);
  });

  it("maps a line whose expressions drop whitespace", () => {
    const raw = "select\n  id {{- ' * 2' }} as doubled\nfrom t";
    const compiled = "select\n  id * 2 as doubled\nfrom t";

    expect(sourceLineOf(raw, compiled, 2)).toBe(2);
  });

  it("leaves a line of only an expression unmapped", () => {
    const raw = "select\n{{ columns() }}\nfrom t\n{% if x %}{% endif %}";
    const compiled = "select\n  a,\n  b\nfrom t\n";

    expect(sourceLineOf(raw, compiled, 2)).toBeUndefined();
  });

  it("leaves a line rendered by a macro unmapped", () => {
    // The macro renders `from "main"."other"`, which the source line
    // `from {{ ref('src') }}` would also match.
    const raw = "select * from (\n{{ other() }}\n) as o\nfrom {{ ref('src') }}";
    const compiled = [
      "select * from (",
      "select id",
      'from "main"."other"',
      ") as o",
      'from "main"."src"',
    ].join("\n");

    expect(sourceLineOf(raw, compiled, 3)).toBeUndefined();
  });

  it("leaves lines with tags unmapped", () => {
    const raw = "select\n  {% if x %}bad{% endif %} as y\nfrom t\n\n";
    const compiled = "select\n  bad as y\nfrom t";

    expect(sourceLineOf(raw, compiled, 2)).toBeUndefined();
  });
});
