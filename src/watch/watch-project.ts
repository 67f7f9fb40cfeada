import path from "node:path";
import { watch, type FSWatcher } from "chokidar";
import { StrataError } from "../errors/index.ts";
import { descendants, selectNodes } from "../graph/index.ts";
import {
  runProject,
  type CountryPlan,
  type RunOptions,
  type RunOutcome,
} from "../run/index.ts";
import {
  changedNodes,
  fingerprintNodes,
  type Fingerprints,
} from "./changed-nodes.ts";
import type { FailedNode, WatchEventSink } from "./watch-events.ts";

export interface WatchOptions {
  /** Options of each rebuild's run; its command is always `build`. */
  readonly run: Omit<RunOptions, "command" | "select" | "exclude">;
  /** Narrows what a save may rerun, in the `--select` grammar. */
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  /** Quiet time after the last save before a rebuild starts. */
  readonly debounceMs?: number;
  /** Builds the selection once before waiting for saves. */
  readonly initialBuild?: boolean;
  readonly report: WatchEventSink;
}

export interface ProjectWatcher {
  /** Resolves when every rebuild started so far has finished. */
  idle(): Promise<void>;
  /**
   * Stops watching after the running rebuild, if any, finishes.
   * NOTE: a long rebuild is not interrupted, because runProject takes no
   * cancellation signal.
   */
  close(): Promise<void>;
}

/** The folders whose files a build reads, below the project folder. */
export const watchedFolders = ["models", "macros", "seeds", "tests"];

const watchedExtension = /\.(sql|ya?ml|csv)$/;

/**
 * Watches a project's models, macros, seeds, tests and YAML files. After a
 * burst of saves settles, it compiles the project, finds the nodes whose
 * compiled SQL, config or seed data changed, and builds them and their
 * downstream nodes. A compile error or a failed model is reported and the
 * watcher keeps waiting for the next save.
 */
export async function watchProject(
  options: WatchOptions,
): Promise<ProjectWatcher> {
  const root = path.resolve(options.run.projectDir);
  const debounceMs = options.debounceMs ?? 250;
  const pending = new Set<string>();
  let fingerprints: Fingerprints | undefined;
  let queued: Set<string> | undefined;
  let chain = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const enqueue = (files: readonly string[], full: boolean): void => {
    if (queued && !full) {
      for (const file of files) queued.add(file);
      return;
    }
    const batch = new Set(files);
    queued = batch;
    chain = chain.then(async () => {
      queued = undefined;
      try {
        fingerprints = await rebuild(
          options,
          [...batch].sort(),
          full ? undefined : fingerprints,
        );
      } catch (error) {
        options.report({ kind: "watch-error", message: messageOf(error) });
      }
    });
  };
  const flush = (): void => {
    timer = undefined;
    const files = [...pending];
    pending.clear();
    enqueue(files, false);
  };

  const watcher = watch(root, {
    ignoreInitial: true,
    ignored: (file, stats) => isIgnored(root, file, stats?.isFile()),
  });
  watcher.on("all", (_event, file) => {
    if (!watchedExtension.test(file)) return;
    pending.add(path.relative(root, file).split(path.sep).join("/"));
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  await ready(watcher);
  options.report({ kind: "watch-ready", folders: watchedFolders });
  if (options.initialBuild === false) {
    chain = chain.then(async () => {
      fingerprints = await baseline(options);
    });
  } else {
    enqueue([], true);
  }

  return {
    idle: () => chain,
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
      await chain;
      options.report({ kind: "watch-stopped" });
    },
  };
}

function isIgnored(
  root: string,
  file: string,
  isFile: boolean | undefined,
): boolean {
  const relative = path.relative(root, file);
  if (relative === "") return false;
  const parts = relative.split(path.sep);
  if (parts.length === 1) {
    // At the top only strata.yml, sources.yml and the like matter, besides
    // the watched folders.
    if (watchedFolders.includes(parts[0]!)) return isFile === true;
    return isFile === false || !/\.ya?ml$/.test(relative);
  }
  if (!watchedFolders.includes(parts[0]!)) return true;
  return isFile === true && !watchedExtension.test(relative);
}

function ready(watcher: FSWatcher): Promise<void> {
  return new Promise((resolve, reject) => {
    watcher.once("ready", resolve);
    watcher.once("error", reject);
  });
}

// NOTE: every save compiles the whole project, because the compile step
// has no entry point for one file. Only the build is narrowed to what
// changed. A per-file compile cache would cut this on large projects.
async function compile(options: WatchOptions): Promise<RunOutcome> {
  return runProject({ ...options.run, command: "compile" });
}

async function baseline(
  options: WatchOptions,
): Promise<Fingerprints | undefined> {
  try {
    return fingerprintNodes((await compile(options)).plans);
  } catch (error) {
    reportFailure(options, error);
    return undefined;
  }
}

/**
 * Compiles, builds what changed since `before` (everything selected when
 * there is no `before`), and returns the fingerprints to compare the next
 * save with. Nodes that failed or were skipped keep no fingerprint, so the
 * next save reruns them.
 */
async function rebuild(
  options: WatchOptions,
  files: readonly string[],
  before: Fingerprints | undefined,
): Promise<Fingerprints | undefined> {
  let compiled: RunOutcome;
  try {
    compiled = await compile(options);
  } catch (error) {
    reportFailure(options, error);
    return before;
  }
  const after = fingerprintNodes(compiled.plans);
  const changed = before ? changedNodes(before, after) : undefined;
  const targets = nodesToBuild(compiled.plans, options, changed);
  if (targets.length === 0) {
    options.report({ kind: "watch-unchanged", files });
    return after;
  }

  const names = targets.map((t) => t.name);
  options.report({ kind: "watch-rebuild", files, nodes: names });
  const started = performance.now();
  let outcome: RunOutcome;
  try {
    outcome = await runProject({
      ...options.run,
      command: "build",
      select: names,
    });
  } catch (error) {
    reportFailure(options, error);
    return before;
  }
  const failed = outcome.results.filter((r) =>
    ["error", "fail", "skipped"].includes(r.status),
  );
  options.report({
    kind: "watch-rebuilt",
    exitCode: outcome.exitCode,
    durationMs: Math.round(performance.now() - started),
    statuses: outcome.results.map((r) => r.status),
    failed: failed
      .filter((r) => r.status !== "skipped")
      .map((r): FailedNode => ({
        node: r.name,
        country: r.country,
        status: r.status,
        message: r.message,
        file: r.file,
        line: r.line,
      })),
  });
  return nextFingerprints(after, before, changed, targets, failed);
}

/**
 * Returns the changed nodes and their descendants that the selection
 * allows, as model, seed and test names for `--select`. Sources are left
 * out because they are never built.
 */
function nodesToBuild(
  plans: readonly CountryPlan[],
  options: WatchOptions,
  changed: ReadonlySet<string> | undefined,
): { id: string; name: string }[] {
  const toBuild = new Map<string, string>();
  for (const plan of plans) {
    const allowed = selectNodes(plan.graph, options.select, options.exclude);
    const reached = new Set(changed ?? allowed);
    for (const id of changed ?? [])
      for (const d of descendants(plan.graph, id)) reached.add(d);
    for (const id of reached) {
      const node = plan.graph.nodes.get(id);
      if (!node || node.kind === "source" || !allowed.has(id)) continue;
      toBuild.set(id, node.name);
    }
  }
  return [...toBuild]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

function nextFingerprints(
  after: Fingerprints,
  before: Fingerprints | undefined,
  changed: ReadonlySet<string> | undefined,
  targets: readonly { id: string }[],
  failed: readonly { id: string }[],
): Fingerprints {
  const next = new Map(after);
  const built = new Set(targets.map((t) => t.id));
  for (const id of changed ?? []) {
    // A changed node that the selection left out is still stale.
    if (built.has(id)) continue;
    const old = before?.get(id);
    if (old === undefined) next.delete(id);
    else next.set(id, old);
  }
  for (const { id } of failed) next.delete(id);
  return next;
}

function reportFailure(options: WatchOptions, error: unknown): void {
  if (error instanceof StrataError) {
    options.report({ kind: "watch-invalid", diagnostics: error.diagnostics });
    return;
  }
  options.report({ kind: "watch-error", message: messageOf(error) });
}

function messageOf(error: unknown): string {
  return error instanceof Error
    ? (error.stack ?? error.message)
    : String(error);
}
