import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";
import type { Diagnostic } from "../errors/index.ts";

/** One row of a unit test's input or expected output. */
export type FixtureRow = Readonly<Record<string, unknown>>;

/** The rows a unit test gives one input: `ref('m')`, `source('s', 't')` or `this`. */
export interface GivenInput {
  readonly input: string;
  readonly rows: readonly FixtureRow[];
}

/**
 * A unit test of property files, in dbt 1.8's shape, plus strata's macro
 * form: `macro:` in place of `model:`, with `args:`, and `expect.output` to
 * compare the rendered text instead of rows.
 */
export interface UnitTestDefinition {
  readonly name: string;
  readonly file: string;
  readonly line?: number;
  readonly description?: string;
  readonly model?: string;
  readonly macro?: string;
  readonly args?: readonly unknown[] | Readonly<Record<string, unknown>>;
  readonly given: readonly GivenInput[];
  readonly expect: {
    readonly rows?: readonly FixtureRow[];
    readonly output?: string;
  };
  readonly overrides: {
    readonly vars: Readonly<Record<string, unknown>>;
    readonly macros: Readonly<Record<string, unknown>>;
    readonly envVars: Readonly<Record<string, string>>;
  };
  readonly tags: readonly string[];
}

const rowsSchema = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.string(),
]);

const rowSource = {
  format: z.enum(["dict", "csv"]).default("dict"),
  rows: rowsSchema.optional(),
  fixture: z.string().optional(),
};

export const unitTestSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "use letters, digits and _"),
  description: z.string().optional(),
  model: z.string().optional(),
  macro: z.string().optional(),
  args: z
    .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
    .optional(),
  given: z
    .array(z.strictObject({ input: z.string(), ...rowSource }))
    .default([]),
  expect: z.strictObject({ ...rowSource, output: z.string().optional() }),
  overrides: z
    .strictObject({
      vars: z.record(z.string(), z.unknown()).default({}),
      macros: z.record(z.string(), z.unknown()).default({}),
      env_vars: z.record(z.string(), z.string()).default({}),
    })
    .optional(),
  config: z
    .looseObject({
      tags: z.union([z.string(), z.array(z.string())]).optional(),
    })
    .optional(),
});

export type UnitTestInput = z.infer<typeof unitTestSchema>;

/**
 * Turns a validated `unit_tests:` entry into a definition, reading CSV
 * rows inline or from `tests/fixtures/<fixture>.csv`.
 */
export async function readUnitTest(
  root: string,
  input: UnitTestInput,
  file: string,
  line: number | undefined,
  diagnostics: Diagnostic[],
): Promise<UnitTestDefinition | undefined> {
  const problem = (message: string, hint: string): undefined => {
    diagnostics.push({
      code: "unit-test-invalid",
      message: `unit test ${input.name}: ${message}`,
      file,
      line,
      hint,
    });
    return undefined;
  };
  if ((input.model === undefined) === (input.macro === undefined)) {
    return problem(
      "needs exactly one of model: and macro:",
      "Name the model under test with model:, or the macro with macro:.",
    );
  }
  const rowsOf = async (
    source: { format: "dict" | "csv"; rows?: unknown; fixture?: string },
    what: string,
  ): Promise<FixtureRow[] | undefined> => {
    if (source.fixture !== undefined) {
      const folder = path.join(root, "tests", "fixtures");
      const fixture = path.join(folder, `${source.fixture}.csv`);
      // A compile stamps tests/fixtures only, so a file elsewhere could
      // change without a compile noticing.
      if (path.relative(folder, fixture).startsWith("..")) {
        return problem(
          `fixture ${source.fixture} of ${what} is outside tests/fixtures`,
          "Name a CSV file under tests/fixtures/, without ../ in the name.",
        );
      }
      if (!existsSync(fixture)) {
        return problem(
          `fixture ${source.fixture} of ${what} not found at tests/fixtures/${source.fixture}.csv`,
          "Create the CSV file, or give the rows inline under rows:.",
        );
      }
      return parseCsvRows(await readFile(fixture, "utf8"));
    }
    if (source.rows === undefined) return [];
    if (typeof source.rows === "string") {
      if (source.format !== "csv") {
        return problem(
          `rows of ${what} are text but format is not csv`,
          "Add format: csv, or write the rows as a list of maps.",
        );
      }
      return parseCsvRows(source.rows);
    }
    return source.rows as FixtureRow[];
  };
  const given: GivenInput[] = [];
  for (const entry of input.given) {
    const rows = await rowsOf(entry, `given ${entry.input}`);
    if (rows === undefined) return undefined;
    given.push({ input: entry.input.trim(), rows });
  }
  const hasRows =
    input.expect.rows !== undefined || input.expect.fixture !== undefined;
  if (input.model !== undefined && !hasRows) {
    return problem(
      "expect: needs rows: or fixture: for a model",
      "List the rows the model should return under expect.rows.",
    );
  }
  const expectRows = hasRows ? await rowsOf(input.expect, "expect") : undefined;
  if (hasRows && expectRows === undefined) return undefined;
  if (
    input.macro !== undefined &&
    !hasRows &&
    input.expect.output === undefined
  ) {
    return problem(
      "expect: needs output: (the rendered text) or rows: for a macro",
      "Give expect.output, or given inputs and expect.rows.",
    );
  }
  const tags = input.config?.tags;
  return {
    name: input.name,
    file,
    line,
    description: input.description,
    model: input.model,
    macro: input.macro,
    args: input.args,
    given,
    expect: { rows: expectRows, output: input.expect.output },
    overrides: {
      vars: input.overrides?.vars ?? {},
      macros: input.overrides?.macros ?? {},
      envVars: input.overrides?.env_vars ?? {},
    },
    tags: tags === undefined ? [] : typeof tags === "string" ? [tags] : tags,
  };
}

/**
 * Parses CSV text with a header line into rows. Empty fields are null and
 * fields that look like numbers become numbers, so `1` and `1.5` compare
 * as numbers; quote a field ("007") to keep it text.
 */
export function parseCsvRows(text: string): FixtureRow[] {
  const records = parseCsv(text.trim());
  const [header, ...body] = records;
  if (!header) return [];
  return body.map((fields) =>
    Object.fromEntries(
      header.map((column, index) => [
        column.text.trim(),
        valueOf(fields[index]),
      ]),
    ),
  );
}

interface CsvField {
  readonly text: string;
  readonly quoted: boolean;
}

function valueOf(field: CsvField | undefined): unknown {
  if (field === undefined) return null;
  if (field.quoted) return field.text;
  const text = field.text.trim();
  if (text === "") return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

function parseCsv(text: string): CsvField[][] {
  const records: CsvField[][] = [];
  let record: CsvField[] = [];
  let field = "";
  let quoted = false;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inQuotes) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        inQuotes = false;
      } else {
        field += char;
      }
      continue;
    }
    if (char === '"' && field.trim() === "") {
      inQuotes = true;
      quoted = true;
      field = "";
    } else if (char === ",") {
      record.push({ text: field, quoted });
      field = "";
      quoted = false;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      record.push({ text: field, quoted });
      records.push(record);
      record = [];
      field = "";
      quoted = false;
    } else {
      field += char;
    }
  }
  record.push({ text: field, quoted });
  records.push(record);
  return records;
}
