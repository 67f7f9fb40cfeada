import type { Diagnostic } from "../errors/index.ts";
import { parseThreshold } from "./test-thresholds.ts";
import type { TestDefinition } from "./types.ts";

type TestEntry = string | Record<string, unknown>;

const controlKeys = new Set([
  "severity",
  "where",
  "config",
  "name",
  "arguments",
  "store_failures",
  "warn_if",
  "error_if",
]);

function severityOf(value: unknown): "error" | "warn" | undefined {
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  return lower === "warn" || lower === "error" ? lower : undefined;
}

/**
 * Turns the entries of a `tests:` (or `data_tests:`) list into test
 * definitions. Accepts a bare name, `name: {args}`, dbt's `arguments:` form
 * and `config: {severity, where}`. A package prefix such as `dbt_utils.` is
 * dropped, because strata provides those tests itself.
 */
export function readTestEntries(
  entries: readonly TestEntry[],
  file: string,
  column: string | undefined,
  diagnostics: Diagnostic[],
): TestDefinition[] {
  return entries.map((entry) => {
    if (typeof entry === "string") {
      return {
        testName: stripPackage(entry),
        args: {},
        column,
        severity: "error",
        file,
      };
    }
    const [rawName, rawBody] = Object.entries(entry)[0]!;
    const body = isRecord(rawBody) ? rawBody : {};
    const config = isRecord(body.config) ? body.config : {};
    const nested = isRecord(body.arguments) ? body.arguments : {};
    const args: Record<string, unknown> = { ...nested };
    for (const [key, value] of Object.entries(body)) {
      if (!controlKeys.has(key)) args[key] = value;
    }
    const severityValue = body.severity ?? config.severity;
    const severity = severityOf(severityValue);
    if (severityValue !== undefined && severity === undefined) {
      diagnostics.push({
        code: "yaml-schema",
        message: `invalid severity ${JSON.stringify(severityValue)} for test ${rawName}`,
        file,
        hint: "Use severity: error or severity: warn.",
      });
    }
    const where = body.where ?? config.where;
    const storeFailures = body.store_failures ?? config.store_failures;
    return {
      testName: stripPackage(rawName),
      args,
      column,
      severity: severity ?? "error",
      where: typeof where === "string" ? where : undefined,
      storeFailures: storeFailures === true,
      warnIf: thresholdOf(body, config, "warn_if", rawName, file, diagnostics),
      errorIf: thresholdOf(
        body,
        config,
        "error_if",
        rawName,
        file,
        diagnostics,
      ),
      file,
    };
  });
}

function thresholdOf(
  body: Record<string, unknown>,
  config: Record<string, unknown>,
  key: "warn_if" | "error_if",
  test: string,
  file: string,
  diagnostics: Diagnostic[],
): string | undefined {
  const value = body[key] ?? config[key];
  if (value === undefined) return undefined;
  if (typeof value === "string" && parseThreshold(value)) return value;
  diagnostics.push({
    code: "yaml-schema",
    message: `invalid ${key} ${JSON.stringify(value)} for test ${test}`,
    file,
    hint: `Write a comparison with a whole number, such as ${key}: ">10" or ${key}: "!=0".`,
  });
  return undefined;
}

function stripPackage(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot === -1 ? name : name.slice(dot + 1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
