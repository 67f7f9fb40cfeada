import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import type { JinjaLogEvent } from "../compile/jinja/index.ts";
import {
  appendRunHistory,
  buildManifest,
  type RunResults,
} from "../artifacts/index.ts";
import {
  compileProject,
  RenderCacheStore,
  type CompiledProject,
  type GraphNode,
} from "../compile/index.ts";
import {
  createEngine,
  dialectFor,
  isStoredTable,
  type Engine,
} from "../engines/index.ts";
import { StrataError } from "../errors/index.ts";
import type { EventSink } from "../events/index.ts";
import {
  buildGraph,
  namesByLayer,
  selectNodes,
  type Graph,
  type SelectionContext,
} from "../graph/index.ts";
import {
  loadProject,
  type Project,
  type TargetInput,
} from "../project/index.ts";
import {
  executePlan,
  publishableModels,
  type NodeResult,
} from "./execute-plan.ts";
import { renderInputsDigest } from "./patch-compile.ts";
import { WrittenFiles, writeIfChanged } from "./write-if-changed.ts";
import { existingModelsByCountry } from "./existing-models.ts";
import { executeRunHooks } from "./hooks.ts";
import { deferToState, stateCatalogAlias, stateCatalogPath } from "./defer.ts";
import { executionRenderer } from "./render-at-execution.ts";
import { readSelectionState, readSelectors } from "./selection-inputs.ts";
import { addUnitTests } from "../testing/unit-tests.ts";
import { strataVersion } from "./version.ts";

/** The commands that share this pipeline. */
export type RunCommand =
  "compile" | "run" | "build" | "test" | "seed" | "snapshot" | "ls";

export interface RunOptions {
  readonly command: RunCommand;
  readonly projectDir: string;
  readonly country?: string;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly threads?: number;
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly target?: string;
  readonly lockTimeoutMs?: number;
  readonly events: EventSink;
  readonly countrySections?: Readonly<Record<string, z.ZodType>>;
  /** Arguments as typed, recorded in run_results.json. */
  readonly args?: Readonly<Record<string, unknown>>;
  /** `--full-refresh`: rebuild incremental models from scratch. */
  readonly fullRefresh?: boolean;
  /** Folder holding an earlier manifest.json and run_results.json. */
  readonly state?: string;
  /** Read unselected parents from the state's catalog. */
  readonly defer?: boolean;
  /** A selector of selectors.yml, used in place of --select. */
  readonly selector?: string;
  /**
   * Node names to run in each country (null without countries), in place
   * of `select`. A country the map lacks is not run. `strata retry` sets it,
   * because a node that failed in one country may have succeeded in another.
   */
  readonly selectPerCountry?: ReadonlyMap<string | null, readonly string[]>;
}

/** One country's compiled project, graph and selected nodes. */
export interface CountryPlan {
  readonly compiled: CompiledProject;
  readonly graph: Graph;
  readonly selected: ReadonlySet<string>;
}

export interface RunOutcome {
  readonly project: Project;
  readonly plans: readonly CountryPlan[];
  readonly results: readonly NodeResult[];
  readonly exitCode: 0 | 1;
  readonly published: Readonly<Record<string, readonly string[]>>;
  /** Environment variables the templates read, set by compile and ls. */
  readonly envNames?: ReadonlySet<string>;
  /** Files under target/ that compile and ls wrote, project-relative. */
  readonly written?: readonly string[];
  /**
   * A digest of the values templates can change in place (settings,
   * countries, vars, target) taken before the renders, set by compile.
   */
  readonly inputsBefore?: string;
  /** Whether a template read the clock, set by compile and ls. */
  readonly readClock?: boolean;
  /** The `target` templates saw, set by compile and ls. */
  readonly targetContext?: Readonly<Record<string, unknown>>;
}

/**
 * Loads, compiles and selects a project for every country of the run, then
 * executes what the command requests. Project errors are raised before anything
 * executes. `run` publishes a country's new partitions only when all of its
 * models and error-level tests passed; `build` publishes each model whose
 * own tests passed.
 */
export async function runProject(options: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const project = await loadProject(options.projectDir, {
    countrySections: options.countrySections,
  });
  const targetName = options.target ?? project.settings.defaultTarget;
  const target = resolveTarget(project, targetName);
  const threads = options.threads ?? target.threads ?? 4;
  const perCountry = options.selectPerCountry;
  const countries = countriesOf(project, options.country).filter(
    (country) => perCountry === undefined || perCountry.has(country),
  );
  const targetContext = { name: targetName, ...target, threads };
  const engineDialect = dialectFor(target.engine);
  const selection = await selectionContext(options, project.dir);
  const select = options.selector
    ? [`selector:${options.selector}`, ...(options.select ?? [])]
    : options.select;

  const existing = await existingModelsByCountry(
    options.command,
    target.engine,
    engineOptions(project, options, target, threads),
    countries,
  );
  const cacheFile = path.join(project.dir, "target", "render-cache.json");
  const cache = RenderCacheStore.parse(
    await readFile(cacheFile, "utf8").catch(() => undefined),
  );
  const compileOptionsFor = (country: string | null) => ({
    dialect: engineDialect,
    incremental: {
      existingModels: existing.get(country),
      fullRefresh: options.fullRefresh,
    },
    country,
    vars: options.vars,
    target: targetContext,
    // log() and exceptions.warn() in templates reach the CLI as events.
    onLog: (event: JinjaLogEvent) =>
      options.events({
        kind: "log",
        level: event.level === "warn" ? "warn" : "info",
        message: event.message,
      }),
  });
  const inputsBefore =
    options.command === "compile"
      ? renderInputsDigest(project, options.vars ?? {}, targetContext)
      : undefined;
  const plans = countries.map((country): CountryPlan => {
    const compileOptions = compileOptionsFor(country);
    const compiled = addUnitTests(
      project,
      compileProject(project, { ...compileOptions, cache }),
      { ...compileOptions, cache },
    );
    const graph = buildGraph(compiled);
    const selected = selectNodes(
      graph,
      perCountry?.get(country) ?? select,
      options.exclude,
      selection,
    );
    if (options.defer && selection.state) {
      const deferred = deferToState(
        compiled,
        selected,
        selection.state,
        (name) => engineDialect.quoteIdentifier(name),
      );
      return { compiled: deferred, graph: buildGraph(deferred), selected };
    }
    return { compiled, graph, selected };
  });
  warnOnEmptySelection(plans, select, options.events);
  const executes = options.command !== "compile" && options.command !== "ls";
  // A run waits for the catalog lock before it writes target/compiled and
  // the manifest, so it never overwrites the files of the run holding it.
  const engine = executes
    ? createEngine(
        target.engine,
        engineOptions(project, options, target, threads),
      )
    : undefined;
  await engine?.open();
  const compiled = compiledFiles(plans);
  const compiledPaths = compiled.paths;
  const written = WrittenFiles.read(project.dir);
  const stale = staleFiles(options, compiledPaths);
  try {
    // A command that executes writes target/compiled/ while it runs.
    if (!engine) {
      writeFiles(written, compiled.files);
      written.prune(stale.folders, stale.produced);
      written.save();
    }
    if (cache.changed) writeIfChanged(cacheFile, cache.serialize());
    await writeJson(
      path.join(project.dir, "target", "manifest.json"),
      buildManifest(
        project,
        targetName,
        plans.map((p) => p.compiled),
        compiledPaths,
        strataVersion,
      ),
      0,
    );
  } catch (error) {
    await engine?.close();
    throw error;
  }
  if (!engine) {
    return {
      project,
      plans,
      results: [],
      exitCode: 0,
      published: {},
      envNames: cache.envNames,
      readClock: cache.readClock,
      inputsBefore,
      targetContext,
      written: [
        path.join("target", "manifest.json"),
        ...[...compiledPaths.values()].flatMap((paths) => [...paths.values()]),
      ],
    };
  }

  const results: NodeResult[] = [];
  const published: Record<string, string[]> = {};
  const runId = `${startedAt.toISOString().replace(/[-:.TZ]/g, "")}-${randomBytes(3).toString("hex")}`;
  // Files of models rendered again at execution, which hold the SQL run.
  const executedFiles = new Set<string>();
  const writing = writeInBatches(written, compiled.files, executedFiles, stale);
  // Awaited before publishing and in `finally`. This handler only keeps a
  // failed write from being reported as an unhandled rejection meanwhile.
  writing.catch(() => undefined);
  try {
    if (options.defer && options.state) {
      await attachStateCatalog(engine, options.state, project.dir);
    }
    for (const [index, plan] of plans.entries()) {
      const country = plan.compiled.country;
      const scope = { country, runId, startedAt };
      const nodes = nodesFor(options.command, plan, index === 0);
      options.events({
        kind: "run-start",
        country,
        nodes: nodes.size,
        layers: namesByLayer(plan.graph, nodes),
      });
      const started = performance.now();
      await engine.beginRun(scope);
      const startHooks = await executeRunHooks(
        engine,
        "on_run_start",
        plan.compiled.onRunStart,
        country,
        options.events,
      );
      if (startHooks) results.push(startHooks);
      // A failed on_run_start leaves the country's models unbuilt.
      const countryResults =
        startHooks?.status === "error"
          ? []
          : await executePlan({
              engine,
              graph: plan.graph,
              nodes,
              threads,
              scope,
              projectDir: project.dir,
              compiledPaths: compiledPaths.get(country ?? "none") ?? new Map(),
              events: options.events,
              prepareModel: executionRenderer(
                project,
                compileOptionsFor(country),
                plan.compiled,
                engine,
                (model) => {
                  // target/compiled/ shows the SQL that was executed.
                  const file = compiledPaths
                    .get(country ?? "none")
                    ?.get(model.id);
                  if (file === undefined) return;
                  executedFiles.add(file);
                  written.write(file, `${model.compiledSql.trim()}\n`);
                },
              ),
            });
      results.push(...countryResults);
      // A failed write of target/compiled/ stops the run before it publishes.
      await writing;
      const models = await publish(
        engine,
        options.command,
        plan,
        countryResults,
        scope,
      );
      published[country ?? "none"] = models;
      const endHooks = await executeRunHooks(
        engine,
        "on_run_end",
        plan.compiled.onRunEnd,
        country,
        options.events,
      );
      if (endHooks) results.push(endHooks);
      if (models.length > 0) {
        options.events({ kind: "publish", country, models: models.length });
      }
      options.events({
        kind: "run-end",
        country,
        durationMs: Math.round(performance.now() - started),
      });
    }
  } finally {
    await writing.catch(() => undefined);
    await engine.close();
    // Models rendered at execution may write their files after the batches.
    written.save();
  }

  const failed = results.some(
    (r) => r.status === "error" || r.status === "fail",
  );
  const finishedAt = new Date();
  const runResults: RunResults = {
    metadata: {
      run_id: runId,
      command: options.command,
      started_at: startedAt.toISOString(),
      finished_at: finishedAt.toISOString(),
      elapsed_ms: finishedAt.getTime() - startedAt.getTime(),
      target: targetName,
      args: options.args ?? {},
      published,
    },
    results,
  };
  await writeJson(
    path.join(project.dir, "target", "run_results.json"),
    runResults,
  );
  await appendRunHistory(path.join(project.dir, "target"), runResults);
  return { project, plans, results, exitCode: failed ? 1 : 0, published };
}

async function selectionContext(
  options: RunOptions,
  projectDir: string,
): Promise<SelectionContext> {
  if (options.defer && !options.state) {
    throw new StrataError({
      code: "state-missing",
      message:
        "--defer reads unselected parents from an earlier run, but no --state folder was given",
      hint: "Pass --state DIR with --defer, where DIR holds the manifest.json and strata.duckdb of an earlier invocation.",
    });
  }
  return {
    state: options.state
      ? await readSelectionState(options.state, projectDir)
      : undefined,
    selectors: await readSelectors(projectDir),
  };
}

async function attachStateCatalog(
  engine: Engine,
  stateDir: string,
  projectDir: string,
): Promise<void> {
  const catalog = stateCatalogPath(stateDir, projectDir);
  if (!existsSync(catalog)) {
    throw new StrataError({
      code: "state-missing",
      message: `--defer needs the state's catalog, but ${catalog} does not exist`,
      file: catalog,
      hint: "Copy the earlier run's target/strata.duckdb into the --state folder beside its manifest.json.",
    });
  }
  const quoted = `'${catalog.replace(/'/g, "''")}'`;
  await engine.execute(
    `ATTACH IF NOT EXISTS ${quoted} AS ${stateCatalogAlias} (READ_ONLY)`,
  );
}

function resolveTarget(project: Project, name: string): TargetInput {
  const target = project.settings.targets[name];
  if (target) return target;
  throw new StrataError({
    code: "invalid-option",
    message: `target ${name} is not defined in strata.yml (defined: ${Object.keys(project.settings.targets).join(", ")})`,
    file: "strata.yml",
    hint: "Pass one of the defined targets with --target, or add it under targets:.",
  });
}

function countriesOf(
  project: Project,
  country: string | undefined,
): (string | null)[] {
  if (country !== undefined) {
    if (!project.countries.has(country)) {
      const known = [...project.countries.keys()].join(", ") || "none";
      throw new StrataError({
        code: "unknown-country",
        message: `country ${country} is not declared (declared: ${known})`,
        file: "countries.yml",
        hint: "Pass one of the declared countries with --country, or add it to countries.yml.",
      });
    }
    return [country];
  }
  return project.countries.size > 0 ? [...project.countries.keys()] : [null];
}

function engineOptions(
  project: Project,
  options: RunOptions,
  target: TargetInput,
  threads: number,
) {
  const targetDir = path.join(project.dir, "target");
  return {
    targetDir,
    threads,
    settings: target.settings ?? {},
    lockTimeoutMs: options.lockTimeoutMs ?? 300_000,
    catalogPath: target.path
      ? path.resolve(project.dir, target.path)
      : undefined,
    events: options.events,
    holder: `strata ${options.command}${options.country ? ` --country ${options.country}` : ""}`,
  };
}

function nodesFor(
  command: RunCommand,
  plan: CountryPlan,
  firstCountry: boolean,
): Set<string> {
  const wanted = (node: GraphNode): boolean => {
    switch (command) {
      case "seed":
        return node.kind === "seed" && firstCountry;
      case "test":
        return node.kind === "test";
      case "snapshot":
        return node.kind === "model" && node.config.materialized === "snapshot";
      default:
        // Seeds are shared by all countries: load them once per invocation.
        if (node.kind === "seed") return firstCountry;
        // Ephemeral models have nothing to build: their SQL is inlined.
        // As in dbt, `run` leaves snapshots to `snapshot` and `build`.
        if (node.kind === "model")
          return (
            node.config.materialized !== "ephemeral" &&
            !(command === "run" && node.config.materialized === "snapshot")
          );
        return node.kind !== "source";
    }
  };
  return new Set(
    [...plan.selected].filter((id) => wanted(plan.graph.nodes.get(id)!)),
  );
}

async function publish(
  engine: Engine,
  command: RunCommand,
  plan: CountryPlan,
  results: readonly NodeResult[],
  scope: { country: string | null; runId: string },
): Promise<string[]> {
  const failed = results.some(
    (r) => r.status === "error" || r.status === "fail",
  );
  const models =
    command === "build"
      ? publishableModels(plan.graph, results)
      : (command === "run" || command === "snapshot") && !failed
        ? publishableModels(plan.graph, results)
        : [];
  if (models.length > 0) await engine.publish(models, scope);
  await engine.discard(scope);
  return models.filter((m) => isStoredTable(m.config)).map((m) => m.name);
}

/** A file of target/compiled/, relative to the project folder. */
interface CompiledFile {
  readonly file: string;
  readonly text: string;
}

/**
 * Lists the compiled SQL file of every model and test, with their paths by
 * country key ("none" without countries) and node id.
 */
function compiledFiles(plans: readonly CountryPlan[]): {
  paths: Map<string, Map<string, string>>;
  files: CompiledFile[];
} {
  const all = new Map<string, Map<string, string>>();
  const files: CompiledFile[] = [];
  for (const plan of plans) {
    const key = plan.compiled.country ?? "none";
    const paths = new Map<string, string>();
    for (const node of plan.compiled.nodes.values()) {
      if (node.kind !== "model" && node.kind !== "test") continue;
      const relative =
        node.kind === "model"
          ? node.path
          : path.posix.join("tests", `${node.name}.sql`);
      const file = path.posix.join("target", "compiled", key, relative);
      files.push({ file, text: `${node.compiledSql.trim()}\n` });
      paths.set(node.id, file);
    }
    all.set(key, paths);
  }
  return { paths: all, files };
}

/** The files of target/compiled/ that an invocation may delete. */
interface StaleFiles {
  /** Folders to prune, project-relative and ending in `/`. */
  readonly folders: readonly string[];
  /** Files this invocation writes, which are never stale. */
  readonly produced: ReadonlySet<string>;
}

/**
 * Returns the files this invocation writes and the folders in which it
 * deletes the others that strata wrote earlier (see WrittenFiles.prune).
 * A run for every country prunes all of target/compiled/, which includes
 * a country removed from countries.yml. A run with --country prunes that
 * country's folder only. A run narrowed by --select, --exclude,
 * --selector or a selection per country prunes nothing, so the record
 * keeps the entries that the next full run needs to delete the stale files.
 */
function staleFiles(
  options: RunOptions,
  paths: ReadonlyMap<string, ReadonlyMap<string, string>>,
): StaleFiles {
  const produced = new Set(
    [...paths.values()].flatMap((files) => [...files.values()]),
  );
  const narrowed =
    (options.select?.length ?? 0) > 0 ||
    (options.exclude?.length ?? 0) > 0 ||
    options.selector !== undefined ||
    options.selectPerCountry !== undefined;
  if (narrowed) return { folders: [], produced };
  const root = path.posix.join("target", "compiled", "/");
  const folder =
    options.country === undefined
      ? root
      : path.posix.join(root, options.country, "/");
  return { folders: [folder], produced };
}

function writeFiles(
  written: WrittenFiles,
  files: readonly CompiledFile[],
): void {
  for (const { file, text } of files) written.write(file, text);
}

/** Files written between two turns of the event loop. */
const filesPerBatch = 16;

/**
 * Writes compiled files a batch at a time while the engine runs queries,
 * yielding to the event loop between batches so finished queries are
 * picked up meanwhile. Creating a file took about 1 ms on the benchmark
 * machine, 0.3 s for a 200-model project, which the engine's threads now
 * overlap. Files in `skip` were written with the SQL executed instead.
 * Then deletes the stale files of `stale`.
 */
async function writeInBatches(
  written: WrittenFiles,
  files: readonly CompiledFile[],
  skip: ReadonlySet<string>,
  stale: StaleFiles,
): Promise<void> {
  for (let start = 0; start < files.length; start += filesPerBatch) {
    await new Promise((resolve) => setImmediate(resolve));
    const batch = files
      .slice(start, start + filesPerBatch)
      .filter(({ file }) => !skip.has(file));
    writeFiles(written, batch);
  }
  written.prune(stale.folders, stale.produced);
  written.save();
}

/**
 * Writes `value` as JSON. The manifest is written on one line, as dbt
 * writes its own: indented, it was 10 MB for 10,000 models, and formatting
 * it cost about 0.1 s of every compile. Smaller files stay indented.
 */
async function writeJson(
  file: string,
  value: unknown,
  indent: 0 | 2 = 2,
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, indent)}\n`);
}

/** Warns when a --select matched no node, which is usually a typo. */
function warnOnEmptySelection(
  plans: readonly CountryPlan[],
  select: readonly string[] | undefined,
  events: EventSink,
): void {
  if (!select || select.length === 0) return;
  // An empty state: or result: selection means nothing changed or failed.
  if (select.some((term) => /\b(state|result):/.test(term))) return;
  const empty = plans.every((plan) => plan.selected.size === 0);
  if (!empty) return;
  events({
    kind: "log",
    level: "warn",
    message: `--select ${select.join(" ")} matched no node; check the names with strata ls`,
  });
}
