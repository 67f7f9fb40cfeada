import nunjucks from "nunjucks";
import type {
  CompiledProject,
  CompileOptions,
  GraphNode,
  ModelNode,
  TestNode,
} from "../compile/index.ts";
import { countryValue } from "../compile/country-value.ts";
import { resolveRefs } from "../compile/ephemeral.ts";
import { createEnvironment, globalsOf } from "../compile/environment.ts";
import { createGlobals } from "../compile/globals.ts";
import { newScope, type RenderScope } from "../compile/render-scope.ts";
import { templateDiagnostic } from "../compile/template-error.ts";
import { ProjectError, type Diagnostic } from "../errors/index.ts";
import type {
  FixtureRow,
  Project,
  UnitTestDefinition,
} from "../project/index.ts";
import { sqlLiteral } from "./sql-literal.ts";

const refInput =
  /^ref\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]+)\3\s*)?(?:,\s*v(?:ersion)?\s*=\s*\S+\s*)?\)$/;
const sourceInput = /^source\(\s*(['"])([^'"]+)\1\s*,\s*(['"])([^'"]+)\3\s*\)$/;
const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What one given input renders as inside the unit test's query. */
interface GivenRelation {
  readonly cte: string;
  readonly rows: readonly FixtureRow[];
}

/**
 * Compiles the project's unit tests into test nodes and adds them to a
 * compiled project. Each test's query returns the rows that differ between
 * the expected rows and what the model (or macro) returns from the given
 * rows, so zero rows is a pass. A model depends on its unit tests, which
 * makes `build` and `run` execute them first and skip the model when one
 * fails.
 */
export function addUnitTests(
  project: Project,
  compiled: CompiledProject,
  options: CompileOptions,
): CompiledProject {
  const definitions = project.unitTests ?? [];
  if (definitions.length === 0) return compiled;
  const diagnostics: Diagnostic[] = [];
  const nodes = new Map<string, GraphNode>(compiled.nodes);
  for (const definition of definitions) {
    const test = compileUnitTest(
      project,
      compiled,
      options,
      definition,
      diagnostics,
    );
    if (!test) continue;
    if (nodes.has(test.id)) {
      diagnostics.push({
        code: "duplicate-name",
        message: `unit test ${definition.name} has the name of another test`,
        file: definition.file,
        line: definition.line,
        hint: "Rename the unit test; test names are unique in a project.",
      });
      continue;
    }
    nodes.set(test.id, test);
    if (test.attachedTo) {
      const model = nodes.get(test.attachedTo) as ModelNode;
      nodes.set(model.id, {
        ...model,
        dependsOn: [...model.dependsOn, test.id],
      });
    }
  }
  if (diagnostics.length > 0) throw new ProjectError(diagnostics);
  return { ...compiled, nodes };
}

function compileUnitTest(
  project: Project,
  compiled: CompiledProject,
  options: CompileOptions,
  definition: UnitTestDefinition,
  diagnostics: Diagnostic[],
): TestNode | undefined {
  const problem = (message: string, hint: string): undefined => {
    diagnostics.push({
      code: "unit-test-invalid",
      message: `unit test ${definition.name}: ${message}`,
      file: definition.file,
      line: definition.line,
      hint,
    });
    return undefined;
  };
  const refs = new Map<string, GivenRelation>();
  const sources = new Map<string, GivenRelation>();
  const tables = new Map<string, GivenRelation>();
  let thisGiven: GivenRelation | undefined;
  for (const [index, given] of definition.given.entries()) {
    const ref = refInput.exec(given.input);
    const source = sourceInput.exec(given.input);
    if (ref) {
      const name = ref[4] ?? ref[2]!;
      refs.set(name, {
        cte: `__given_${index}_${safe(name)}`,
        rows: given.rows,
      });
    } else if (source) {
      const key = `${source[2]}.${source[4]}`;
      sources.set(key, {
        cte: `__given_${index}_${safe(key)}`,
        rows: given.rows,
      });
    } else if (given.input === "this") {
      thisGiven = { cte: `__given_${index}_this`, rows: given.rows };
    } else if (definition.macro !== undefined && identifier.test(given.input)) {
      tables.set(given.input, { cte: given.input, rows: given.rows });
    } else {
      return problem(
        `given input ${given.input} is not ref('model'), source('source', 'table') or this`,
        definition.macro !== undefined
          ? "Name an input with ref(...), source(...), or a plain table name the macro's SQL reads."
          : "Write each input as ref('name'), source('source', 'table') or this.",
      );
    }
  }

  const model =
    definition.model !== undefined
      ? compiled.nodes.get(`model.${definition.model}`)
      : undefined;
  if (definition.model !== undefined && model?.kind !== "model") {
    return problem(
      `model ${definition.model} does not exist or is disabled`,
      "Name an enabled model of the project under model:.",
    );
  }

  const state: { scope?: RenderScope } = {};
  const country =
    options.country === null
      ? undefined
      : project.countries.get(options.country);
  const sourceRelations = new Map(
    [...sources].map(([key, given]) => [key, given.cte]),
  );
  const globals = createGlobals({
    project,
    dialect: options.dialect,
    country: country ? countryValue(country) : null,
    vars: {
      ...project.settings.vars,
      ...options.vars,
      ...definition.overrides.vars,
    },
    target: options.target,
    env: { ...(options.env ?? process.env), ...definition.overrides.envVars },
    scope: () => state.scope,
    sourceRelations,
  });
  // The compile stamp compares the environment variables the renders read,
  // unit tests' renders included.
  const readEnv = globals.env_var as (...args: unknown[]) => unknown;
  globals.env_var = (name: unknown, ...rest: unknown[]): unknown => {
    options.cache?.envNames.add(String(name));
    return readEnv(name, ...rest);
  };
  const env = createEnvironment(project.macros, globals, diagnostics);
  // dbt's `overrides.macros` replaces a macro (is_incremental included) by
  // a function returning the given value.
  if (!("is_incremental" in definition.overrides.macros)) {
    env.addGlobal("is_incremental", () => false);
  }
  for (const [name, value] of Object.entries(definition.overrides.macros)) {
    env.addGlobal(name, () => value);
  }

  const scope = newScope(
    definition.model ?? `unit_test.${definition.name}`,
    model?.path ?? definition.file,
    thisGiven?.cte ?? (model?.kind === "model" ? model.relation : ""),
  );
  state.scope = scope;
  let rendered: string;
  try {
    if (model?.kind === "model") {
      rendered = new nunjucks.Template(
        model.rawSql,
        env,
        model.path,
        true,
      ).render({});
    } else {
      const macro = globalsOf(env)[definition.macro!];
      if (typeof macro !== "function") {
        return problem(
          `macro ${definition.macro} is not defined`,
          "Name a macro defined in a file under macros/.",
        );
      }
      const args = definition.args ?? [];
      const callArgs = Array.isArray(args)
        ? args
        : [{ ...(args as Record<string, unknown>), __keywords: true }];
      rendered = String((macro as (...a: unknown[]) => unknown)(...callArgs));
    }
  } catch (error) {
    diagnostics.push(
      templateDiagnostic(error, scope.file, "render", scope.node, scope.raised),
    );
    return undefined;
  } finally {
    state.scope = undefined;
  }

  const missingRefs = [...scope.refs].filter((name) => !refs.has(name));
  const missingSources = [...scope.sources].filter((key) => !sources.has(key));
  if (missingRefs.length > 0 || missingSources.length > 0) {
    const missing = [
      ...missingRefs.map((name) => `ref('${name}')`),
      ...missingSources.map((key) => {
        const [source, table] = key.split(".");
        return `source('${source}', '${table}')`;
      }),
    ];
    return problem(
      `${definition.model ?? definition.macro} reads ${missing.join(", ")}, which the test does not give`,
      `Add a given: entry with rows for ${missing.join(" and ")}.`,
    );
  }
  const body = resolveRefs(
    rendered,
    (name) => refs.get(name)!.cte,
    () => undefined,
  );

  const givenCtes = [...refs.values(), ...sources.values(), ...tables.values()];
  if (thisGiven) givenCtes.push(thisGiven);
  const sql =
    model === undefined && definition.expect.rows === undefined
      ? compareOutput(rendered, definition.expect.output ?? "")
      : compareRows(
          givenCtes,
          actualQuery(body, model !== undefined, givenCtes[0]?.cte),
          definition.expect.rows ?? [],
          (name) => options.dialect.quoteIdentifier(name),
        );
  return {
    kind: "test",
    id: `test.${definition.name}`,
    name: definition.name,
    path: definition.file,
    testName: "unit",
    attachedTo: model?.id,
    severity: "error",
    compiledSql: sql,
    dependsOn: [],
  };
}

/**
 * The query whose rows are compared. A model's SQL is used as it is; a
 * macro's output is used as it is when it is a query, and otherwise taken
 * as an expression named `value`, evaluated over the first given input.
 */
function actualQuery(
  body: string,
  isModel: boolean,
  firstInput: string | undefined,
): string {
  const trimmed = body.trim().replace(/;$/, "");
  if (isModel || /^(select|with|from|values)\b/i.test(trimmed)) return trimmed;
  return firstInput === undefined
    ? `select (${trimmed}) as value`
    : `select *, (${trimmed}) as value from ${firstInput}`;
}

function compareRows(
  given: readonly GivenRelation[],
  actual: string,
  expected: readonly FixtureRow[],
  quote: (name: string) => string,
): string {
  const columns = columnsOf(expected);
  const ctes = [
    ...given.map((g) => `${g.cte} as (${rowsQuery(g.rows, quote)})`),
    `__strata_actual as (\n${actual}\n)`,
    `__strata_expected as (${rowsQuery(expected, quote)})`,
  ];
  if (columns.length === 0) {
    // Expecting no rows: every row the model returns is a failure.
    return `with ${ctes.join(",\n")}\nselect 'unexpected' as diff, * from __strata_actual`;
  }
  const list = columns.map(quote).join(", ");
  return [
    `with ${ctes.join(",\n")}`,
    `select 'missing' as diff, * from (select ${list} from __strata_expected except all select ${list} from __strata_actual)`,
    "union all",
    `select 'unexpected' as diff, * from (select ${list} from __strata_actual except all select ${list} from __strata_expected)`,
  ].join("\n");
}

function compareOutput(actual: string, expected: string): string {
  const normalize = (text: string): string => text.replace(/\s+/g, " ").trim();
  const same = normalize(actual) === normalize(expected);
  return `select ${sqlLiteral(normalize(actual))} as actual, ${sqlLiteral(normalize(expected))} as expected where ${same ? "false" : "true"}`;
}

/** A query returning the rows; columns are the union of the rows' keys. */
function rowsQuery(
  rows: readonly FixtureRow[],
  quote: (name: string) => string,
): string {
  const columns = columnsOf(rows);
  if (columns.length === 0)
    return "select null as __strata_no_columns where false";
  const values = rows
    .map((row) => `(${columns.map((c) => sqlLiteral(row[c])).join(", ")})`)
    .join(", ");
  return `select * from (values ${values}) as __strata_rows(${columns.map(quote).join(", ")})`;
}

function columnsOf(rows: readonly FixtureRow[]): string[] {
  const columns: string[] = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!columns.includes(key)) columns.push(key);
    }
  }
  return columns;
}

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_");
}
