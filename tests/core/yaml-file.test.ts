import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseYaml, validateYaml } from "../../src/project/yaml-file.ts";

describe("parseYaml", () => {
  it("reads values with the core schema", () => {
    const { yaml } = parseYaml(
      "strata.yml",
      "vars:\n  reference_date: 2026-10-01\n  flag: yes\n  count: 0o14\n",
    );
    expect(yaml?.value).toEqual({
      vars: { reference_date: "2026-10-01", flag: "yes", count: 12 },
    });
  });

  it("reports a syntax error with its line and column", () => {
    const { yaml, diagnostics } = parseYaml(
      "sources.yml",
      "sources:\n  - name: landing\n   tables: [a\n",
    );
    expect(yaml).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: "yaml-syntax", line: 3 });
  });

  it("reports one error for an unclosed bracket", () => {
    const { diagnostics } = parseYaml(
      "marts.yml",
      "models:\n  - name: a\n    tests: [not_null\n    columns:\n      - name: b\n",
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.message).not.toMatch(/at line \d+/);
    expect(diagnostics[0]?.message).not.toMatch(/:$/);
  });

  it("reports a duplicate key", () => {
    const { diagnostics } = parseYaml("strata.yml", "name: a\nname: b\n");
    expect(diagnostics[0]?.code).toBe("yaml-syntax");
    expect(diagnostics[0]?.message).toContain("unique");
  });

  it("places a schema error at its value", () => {
    const { yaml } = parseYaml(
      "countries.yml",
      "countries:\n  fr:\n    currency: 12\n",
    );
    const schema = z.object({
      countries: z.record(z.string(), z.object({ currency: z.string() })),
    });
    const { diagnostics } = validateYaml(yaml!, schema, "countries.yml");
    expect(diagnostics[0]).toMatchObject({ line: 3, column: 15 });
  });
});
