import { createHash, randomBytes } from "node:crypto";
import { lstatSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import nunjucks from "nunjucks";
import { dependencies, sha256 } from "../compile/compile-project.ts";
import { resolveConfig } from "../compile/config.ts";
import { countryValue } from "../compile/country-value.ts";
import { resolveRefs } from "../compile/ephemeral.ts";
import { createEnvironment } from "../compile/environment.ts";
import { createGlobals, type CompileInputs } from "../compile/globals.ts";
import { createModules } from "../compile/jinja/modules/index.ts";
import { newScope, type RenderScope } from "../compile/render-scope.ts";
import { staticRenderer } from "../compile/static-path.ts";
import type { Dialect } from "../compile/types.ts";
import { duckdbDialect } from "../engines/duckdb/dialect.ts";
import type { Diagnostic } from "../errors/index.ts";
import { strataLayout } from "../project/layout.ts";
import type { ModelFile, Project } from "../project/index.ts";
import type { NodeConfigInput } from "../project/schemas.ts";
import type { CountryPlan } from "./run-project.ts";
import { WrittenFiles } from "./write-if-changed.ts";

/**
 * The state in target/compile-patch.bin from which the next compile renders
 * again only the models whose SQL files changed, when nothing else did.
 * Written with v8.serialize, which keeps the project's maps.
 */
export interface PatchState {
  readonly format: number;
  /** Matches the `patch` field of the compile stamp saved with it. */
  readonly id: string;
  /** The Node.js version that wrote it: v8's format follows it. */
  readonly node: string;
  /** The project as loaded, without the texts of models and tests. */
  readonly project: Project;
  /** The `config:` of each model in the property files. */
  readonly propertyConfigs: ReadonlyMap<string, NodeConfigInput>;
  readonly plans: readonly PlanState[];
}

/** One country's compile, with the models a patch may render again. */
interface PlanState {
  readonly country: string | null;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly target: Readonly<Record<string, unknown>>;
  readonly sourceRelations: ReadonlyMap<string, string>;
  /** Names of the ephemeral models, whose SQL a reference inlines. */
  readonly ephemeral: ReadonlySet<string>;
  /**
   * The edges and the config as JSON of each model that only its own SQL
   * file affects: a rendered model whose compiled SQL no other model
   * inlines and no unit test reads.
   */
  readonly models: ReadonlyMap<
    string,
    { readonly dependsOn: readonly string[]; readonly config: string }
  >;
}

const formatVersion = 1;
export const patchStateFile = path.join("target", "compile-patch.bin");
const manifestFile = path.join("target", "manifest.json");

/** The compile that the compile command just finished. */
export interface FinishedCompile {
  readonly project: Project;
  readonly plans: readonly CountryPlan[];
  /** The vars of `--vars`. */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly target: Readonly<Record<string, unknown>>;
  /** renderInputsDigest before the renders, as runProject took it. */
  readonly inputsBefore?: string;
}

/**
 * Hashes the values a template can change in place, such as with
 * `{% do country.params.update(...) %}`. A render that changed them
 * changed what the renders after it saw, so a model rendered alone from
 * the changed values would differ from a full compile. Returns undefined
 * for values v8 cannot serialize, such as a macro stored in a var.
 */
export function renderInputsDigest(
  project: Project,
  vars: Readonly<Record<string, unknown>>,
  target: Readonly<Record<string, unknown>>,
): string | undefined {
  try {
    const values = [project.settings, project.countries, vars, target];
    return createHash("sha1").update(serialize(values)).digest("hex");
  } catch {
    return undefined;
  }
}

/**
 * Saves the state a later compile patches from and returns its id, for the
 * compile stamp. A unit test's SQL contains the models it tests, and an
 * ephemeral model's SQL is inlined into others, so those models, and the
 * models that read an ephemeral one, are left out: changing them compiles
 * the whole project.
 */
export function savePatchState(compile: FinishedCompile): string | undefined {
  const { project } = compile;
  const after = renderInputsDigest(project, compile.vars, compile.target);
  if (after === undefined || after !== compile.inputsBefore) return undefined;
  const vars = { ...project.settings.vars, ...compile.vars };
  const tested = new Set(
    (project.unitTests ?? []).flatMap((test) =>
      test.model === undefined ? [] : [test.model],
    ),
  );
  const plans = compile.plans.map((plan): PlanState => {
    const nodes = plan.compiled.nodes;
    const inlined = new Set<string>();
    const sourceRelations = new Map<string, string>();
    for (const node of nodes.values()) {
      if (node.kind === "model" && node.config.materialized === "ephemeral") {
        inlined.add(node.id);
      }
      if (node.kind === "source") {
        sourceRelations.set(`${node.sourceName}.${node.name}`, node.relation);
      }
    }
    const models = new Map<
      string,
      { dependsOn: readonly string[]; config: string }
    >();
    for (const node of nodes.values()) {
      if (
        node.kind !== "model" ||
        inlined.has(node.id) ||
        tested.has(node.name) ||
        node.rendersAtExecution === true ||
        !["view", "table"].includes(node.config.materialized) ||
        node.dependsOn.some((id) => inlined.has(id))
      ) {
        continue;
      }
      models.set(node.id, {
        dependsOn: node.dependsOn,
        config: JSON.stringify(node.config.raw),
      });
    }
    return {
      ephemeral: new Set([...inlined].map((id) => nodes.get(id)!.name)),
      country: plan.compiled.country,
      vars,
      target: compile.target,
      sourceRelations,
      models,
    };
  });
  const state: PatchState = {
    format: formatVersion,
    id: randomBytes(8).toString("hex"),
    node: process.version,
    project: {
      ...project,
      models: project.models.map((model) => ({ ...model, sql: "" })),
      singularTests: [],
      modelProperties: new Map(),
      seedProperties: new Map(),
      unitTests: [],
    },
    propertyConfigs: new Map(
      [...project.modelProperties].map(([name, p]) => [name, p.config]),
    ),
    plans,
  };
  try {
    writeFileSync(path.join(project.dir, patchStateFile), serialize(state));
  } catch {
    // A value v8 cannot serialize: later compiles run in full.
    return undefined;
  }
  return state.id;
}

/** The manifest fields of a patched model, with what finds its entry. */
interface PatchedNode {
  readonly name: string;
  readonly path: string;
  readonly raw_sql: string;
  readonly checksum: string;
}

/** A compiled file and the manifest fields of one patched model. */
interface Patched {
  readonly files: { file: string; text: string }[];
  readonly nodes: Map<string, PatchedNode>;
  readonly envNames: Set<string>;
}

/**
 * Renders the changed model files again on their own and writes their
 * compiled SQL and manifest entries, as a full compile would. Returns the
 * environment variables the renders read.
 *
 * Returns undefined, and writes nothing, when a full compile is needed.
 * That is when the state is missing or from another compile, or a file is
 * not a model the state can patch. It is also when a render fails, logs,
 * calls `is_incremental` or changes the model's edges or config.
 */
export function patchCompile(
  root: string,
  stateId: string,
  changed: readonly string[],
  beforeWrite: () => void,
): ReadonlySet<string> | undefined {
  let state: PatchState;
  try {
    state = deserialize(
      readFileSync(path.join(root, patchStateFile)),
    ) as PatchState;
  } catch {
    return undefined;
  }
  if (
    state.format !== formatVersion ||
    state.id !== stateId ||
    state.node !== process.version ||
    state.project.dir !== root
  ) {
    return undefined;
  }

  // Only DuckDB's naming rules are loaded here, without its engine.
  if (state.plans.some((plan) => plan.target.engine !== "duckdb")) {
    return undefined;
  }
  const dialect = duckdbDialect;
  const byPath = new Map(state.project.models.map((m) => [m.path, m]));
  const edits: { model: ModelFile; sql: string }[] = [];
  for (const file of changed) {
    const model = byPath.get(file);
    // The loader reads models from regular files under models/ only, and
    // adds a config call to the files under snapshots/.
    const underModels = strataLayout.models.some((folder) =>
      file.startsWith(`${folder}/`),
    );
    if (model === undefined || !underModels) return undefined;
    if (!lstatSync(path.join(root, file)).isFile()) return undefined;
    edits.push({ model, sql: readFileSync(path.join(root, file), "utf8") });
  }

  const patched: Patched = { files: [], nodes: new Map(), envNames: new Set() };
  for (const plan of state.plans) {
    if (!renderPlan(state, plan, edits, dialect, patched)) return undefined;
  }
  const manifestPath = path.join(root, manifestFile);
  const manifest = patchManifest(readFileSync(manifestPath), patched.nodes);
  if (manifest === undefined) return undefined;

  beforeWrite();
  WrittenFiles.writeFew(root, patched.files);
  writeFileSync(manifestPath, manifest);
  return patched.envNames;
}

/**
 * Renders the edited models for one country. Returns false when one of
 * them cannot be patched.
 */
function renderPlan(
  state: PatchState,
  plan: PlanState,
  edits: readonly { model: ModelFile; sql: string }[],
  dialect: Dialect,
  patched: Patched,
): boolean {
  const { project } = state;
  const schema = plan.country ?? "main";
  const country =
    plan.country === null ? undefined : project.countries.get(plan.country);
  if (plan.country !== null && country === undefined) return false;
  let current: RenderScope | undefined;
  let untracked = false;
  const env = process.env;
  const inputs: CompileInputs = {
    project,
    dialect,
    country: country ? countryValue(country) : null,
    vars: plan.vars,
    target: plan.target,
    env,
    scope: () => current,
    sourceRelations: plan.sourceRelations,
    incremental: {},
  };

  const globals = createGlobals(inputs);
  // is_incremental() reads the property files, which the state leaves out.
  globals.is_incremental = () => {
    untracked = true;
    return false;
  };
  // A model that reads the clock must render anew in every compile.
  globals.modules = createModules(() => {
    untracked = true;
    return new Date();
  });
  const readEnv = globals.env_var as (...args: unknown[]) => unknown;
  globals.env_var = (name: unknown, ...rest: unknown[]) => {
    patched.envNames.add(String(name));
    return readEnv(name, ...rest);
  };

  const diagnostics: Diagnostic[] = [];
  // Created on the first template the static path cannot render, because
  // compiling the project's macros takes longer than most patches.
  let environment: ReturnType<typeof createEnvironment> | undefined;
  const templateEnvironment = () =>
    (environment ??= createEnvironment(
      project.macros,
      globals,
      diagnostics,
      () => {
        untracked = true;
      },
    ));
  const renderStatic = staticRenderer(globals);
  const modelNames = new Set(project.models.map((m) => m.name));
  const relationOf = (name: string): string =>
    dialect.relationName(modelNames.has(name) ? schema : "main", name);
  const key = plan.country ?? "none";

  for (const { model, sql: text } of edits) {
    const id = `model.${model.name}`;
    const saved = plan.models.get(id);
    if (saved === undefined) return false;
    const scope = newScope(
      model.name,
      model.path,
      dialect.relationName(schema, model.name),
    );
    let sql: string | undefined;
    try {
      current = scope;
      sql = renderStatic(scope, text);
      if (sql === undefined) {
        // Creating it reads every global, `execute` included, which must
        // not count as the model's read: create it outside the scope.
        current = undefined;
        const environment = templateEnvironment();
        current = scope;
        sql = new nunjucks.Template(text, environment, model.path, true).render(
          {},
        );
      }
    } catch {
      return false;
    } finally {
      current = undefined;
    }

    if (untracked || diagnostics.length > 0 || scope.rendersAtExecution) {
      return false;
    }
    const config = resolveConfig(
      project.settings.modelFolders,
      model.folders,
      [state.propertyConfigs.get(model.name) ?? {}, scope.config],
      project.countries.size > 0,
    );
    const edges = dependencies(project, scope);
    if (
      JSON.stringify(config.raw) !== saved.config ||
      edges.join("\n") !== saved.dependsOn.join("\n")
    ) {
      return false;
    }

    // A reference to an ephemeral model inlines SQL the state does not keep.
    let inlines = false;
    const compiled = resolveRefs(sql, relationOf, (name) => {
      if (plan.ephemeral.has(name)) inlines = true;
      return undefined;
    });
    if (inlines) return false;
    patched.files.push({
      file: path.posix.join("target", "compiled", key, model.path),
      text: `${compiled.trim()}\n`,
    });
    patched.nodes.set(id, {
      name: model.name,
      path: model.path,
      raw_sql: text,
      checksum: sha256(text),
    });
  }
  return true;
}

/**
 * Rewrites the manifest's `generated_at` and the `raw_sql` and `checksum`
 * of each patched node, leaving every other byte as the full compile wrote
 * it. Works on bytes, because decoding and encoding megabytes of text
 * stood out in the profile. Returns undefined when a node is not where a
 * one-line manifest puts it.
 */
export function patchManifest(
  bytes: Buffer,
  nodes: ReadonlyMap<string, PatchedNode>,
): Buffer | undefined {
  const head = Buffer.from('{"metadata":{"strata_version":"');
  const dateKey = Buffer.from('","generated_at":"');
  if (!bytes.subarray(0, head.length).equals(head)) return undefined;
  const dateStart = bytes.indexOf(dateKey, head.length) + dateKey.length;
  const dateEnd = bytes.indexOf('"', dateStart);
  if (dateStart < dateKey.length || dateEnd < 0) return undefined;

  const spans = [
    {
      start: dateStart,
      end: dateEnd,
      text: Buffer.from(new Date().toISOString()),
    },
  ];
  for (const [id, fields] of nodes) {
    // The node's key and first fields, as buildManifest writes them. Inside
    // a JSON string every quote is escaped, so only an object key can match,
    // and a config or meta key of another node matching it too is rejected.
    const head = `${JSON.stringify(id)}:{"kind":"model","name":${JSON.stringify(fields.name)},"path":${JSON.stringify(fields.path)},`;
    const key = Buffer.from(head);
    const found = bytes.indexOf(key, dateEnd);
    if (found < 0 || bytes.indexOf(key, found + 1) >= 0) return undefined;
    // The node object opens right after the key and its colon.
    const open = found + JSON.stringify(id).length + 1;
    const close = objectEnd(bytes, open);
    if (close === undefined) return undefined;
    const node = JSON.parse(bytes.subarray(open, close).toString()) as Record<
      string,
      unknown
    >;
    if (!("raw_sql" in node) || !("checksum" in node)) return undefined;
    node.raw_sql = fields.raw_sql;
    node.checksum = fields.checksum;
    spans.push({
      start: open,
      end: close,
      text: Buffer.from(JSON.stringify(node)),
    });
  }

  spans.sort((a, b) => a.start - b.start);
  const pieces: Buffer[] = [];
  let cursor = 0;
  for (const span of spans) {
    pieces.push(bytes.subarray(cursor, span.start), span.text);
    cursor = span.end;
  }
  pieces.push(bytes.subarray(cursor));
  return Buffer.concat(pieces);
}

/**
 * Finds the index just past the JSON object that opens at `open`. UTF-8
 * encodes every character outside ASCII with bytes above 0x7f, so the
 * ASCII bytes compared here are the JSON's own.
 */
function objectEnd(bytes: Buffer, open: number): number | undefined {
  const quote = 0x22;
  const backslash = 0x5c;
  let depth = 0;
  let inString = false;
  for (let i = open; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === backslash) i++;
      else if (byte === quote) inString = false;
    } else if (byte === quote) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth++;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}
