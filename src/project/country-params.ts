import type { Diagnostic } from "../errors/index.ts";
import type { CountryInput, ParamType } from "./schemas.ts";
import { positionOf, type YamlFile } from "./yaml-file.ts";

const file = "countries.yml";

/**
 * Checks every country's params against `param_types` of countries.yml, so
 * that a threshold written as `abc` is reported with its line before
 * anything runs, not as a SQL error once a model uses it. Each declared
 * param must be set in every country, with a value of its type. Params
 * that are not declared are not checked. For example, with
 * `param_types: { min_margin_eur: number }`, a country whose
 * `min_margin_eur` is `abc`, `"500"` or absent is reported.
 */
export function checkCountryParams(
  paramTypes: Readonly<Record<string, ParamType>>,
  countries: Readonly<Record<string, CountryInput>>,
  yaml: YamlFile | undefined,
  diagnostics: Diagnostic[],
): void {
  for (const [code, country] of Object.entries(countries)) {
    const missing: string[] = [];
    for (const [name, type] of Object.entries(paramTypes)) {
      const value = country.params[name];
      if (value === undefined) {
        missing.push(`${name} (${type})`);
      } else if (!hasType(value, type)) {
        const at = ["countries", code, "params", name];
        diagnostics.push({
          code: "country-param-invalid",
          message: `invalid param ${name} of country ${code}: expected ${withArticle(type)}, got ${formatValue(value)}`,
          file,
          ...(yaml ? positionOf(yaml, at) : {}),
          hint: `${hintFor(name, type, value)} param_types at the top of countries.yml declares its type.`,
        });
      }
    }

    if (missing.length === 0) continue;
    diagnostics.push({
      code: "country-param-invalid",
      message: `country ${code} is missing params that param_types declares: ${missing.join(", ")}`,
      file,
      ...(yaml ? positionOf(yaml, ["countries", code, "params"]) : {}),
      hint: `Add them under countries.${code}.params in countries.yml, or remove them from param_types.`,
    });
  }
}

function hasType(value: unknown, type: ParamType): boolean {
  switch (type) {
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return Number.isInteger(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
  }
}

function withArticle(type: ParamType): string {
  return type === "integer" ? "an integer" : `a ${type}`;
}

/** Formats a value for a message, with strings in quotes and numbers bare. */
function formatValue(value: unknown): string {
  return typeof value === "number" ? String(value) : JSON.stringify(value);
}

function hintFor(name: string, type: ParamType, value: unknown): string {
  switch (type) {
    case "number":
      return `Write ${name} as a number without quotes, such as ${name}: 500.`;
    case "integer":
      return `Write ${name} as a whole number without quotes, such as ${name}: 6.`;
    case "string":
      return `Write ${name} as text in quotes, such as ${name}: ${JSON.stringify(String(value))}.`;
    case "boolean":
      return `Write ${name} as true or false, without quotes.`;
  }
}
