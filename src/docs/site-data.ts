import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  readRunHistory,
  readRunResults,
  type Manifest,
  type ManifestNode,
  type RunHistoryLine,
  type RunResults,
} from "../artifacts/index.ts";
import { layerOf } from "../graph/index.ts";
import type { NoResults, ResaleResults } from "./resale-results.ts";

/** A model, seed or source as the docs site shows it. */
export interface DocsNode {
  readonly id: string;
  readonly kind: "model" | "seed" | "source";
  readonly name: string;
  /** The first folder under models/ for a model; `seeds` or `sources`. */
  readonly layer: string;
  readonly path: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly columns: readonly { name: string; description?: string }[];
  readonly rawSql?: string;
  /** Compiled SQL per country (`none` when the project has no countries). */
  readonly compiledSql: Readonly<Record<string, string>>;
  /** Parents that are nodes of the graph; tests are left out. */
  readonly dependsOn: readonly string[];
  readonly tests: readonly string[];
  readonly lastResults: readonly NodeRun[];
  /** The node's results in earlier runs, newest first. */
  readonly history: readonly NodeRun[];
}

/** The result of one node in one run for one country. */
export interface NodeRun {
  readonly runId: string;
  readonly startedAt: string;
  readonly country: string | null;
  readonly status: string;
  readonly durationMs: number;
  readonly rows?: number;
  readonly failures?: number;
  readonly message?: string;
}

/** A data test with its compiled SQL and last results. */
export interface DocsTest {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly attachedTo?: string;
  readonly severity?: string;
  readonly compiledSql: Readonly<Record<string, string>>;
  readonly lastResults: readonly NodeRun[];
}

/** One invocation of the run history, with a count per status. */
export interface DocsRun {
  readonly runId: string;
  readonly command: string;
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly counts: Readonly<Record<string, number>>;
}

/** Everything the docs page shows, embedded in it as JSON. */
export interface SiteData {
  readonly project: string;
  readonly generatedAt: string;
  readonly countries: readonly (string | null)[];
  readonly nodes: readonly DocsNode[];
  readonly tests: readonly DocsTest[];
  /** Newest first. */
  readonly runs: readonly DocsRun[];
  readonly results?: ResaleResults | NoResults;
}

const historyDepth = 20;
const maxRuns = 200;

/**
 * Reads the artifacts under `target/` (manifest, compiled SQL, run results
 * and run history) into the data of the docs page. The manifest must
 * exist; the run artifacts are optional, because a project may never have
 * run.
 */
export async function collectSiteData(
  projectDir: string,
  results?: ResaleResults | NoResults,
): Promise<SiteData> {
  const targetDir = path.join(projectDir, "target");
  const manifest = JSON.parse(
    await readFile(path.join(targetDir, "manifest.json"), "utf8"),
  ) as Manifest;
  const lastRun = await readRunResults(targetDir);
  // NOTE: the history file grows by one line per run until `strata clean`;
  // the page shows only the latest runs to stay small.
  const history = (await readRunHistory(targetDir)).slice(-maxRuns);
  const runsOf = nodeRunsFrom(history, lastRun);

  const graphIds = new Set(
    Object.entries(manifest.nodes)
      .filter(([, node]) => node.kind !== "test")
      .map(([id]) => id),
  );
  const testsOf = new Map<string, string[]>();
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (node.kind !== "test" || !node.attached_to) continue;
    testsOf.set(node.attached_to, [
      ...(testsOf.get(node.attached_to) ?? []),
      id,
    ]);
  }

  const nodes: DocsNode[] = [];
  const tests: DocsTest[] = [];
  for (const [id, node] of Object.entries(manifest.nodes)) {
    const compiledSql = await readCompiled(projectDir, node);
    const runs = runsOf.get(id) ?? [];
    const lastResults = latestPerCountry(runs);
    if (node.kind === "test") {
      tests.push({
        id,
        name: node.name,
        path: node.path,
        attachedTo: node.attached_to,
        severity: node.severity,
        compiledSql,
        lastResults,
      });
      continue;
    }
    nodes.push({
      id,
      kind: node.kind,
      name: node.name,
      layer: layerOf(node),
      path: node.path,
      description: node.description,
      tags: tagsOf(node),
      config: node.config ?? {},
      columns: node.columns ?? [],
      rawSql: node.raw_sql,
      compiledSql,
      dependsOn: node.depends_on.filter((p) => graphIds.has(p)),
      tests: testsOf.get(id) ?? [],
      lastResults,
      history: runs.slice(0, historyDepth),
    });
  }

  return {
    project: manifest.metadata.project,
    generatedAt: new Date().toISOString(),
    countries: manifest.metadata.countries,
    nodes: nodes.sort((a, b) => a.id.localeCompare(b.id)),
    tests: tests.sort((a, b) => a.id.localeCompare(b.id)),
    runs: runSummaries(history, lastRun),
    results,
  };
}

function tagsOf(node: ManifestNode): string[] {
  const tags = node.config?.tags;
  return Array.isArray(tags) ? tags.map(String) : [];
}

async function readCompiled(
  projectDir: string,
  node: ManifestNode,
): Promise<Record<string, string>> {
  const sql: Record<string, string> = {};
  for (const [country, file] of Object.entries(node.compiled_path)) {
    try {
      sql[country] = await readFile(path.join(projectDir, file), "utf8");
    } catch {
      // The compiled file was removed after the manifest was written; the
      // page then shows the source SQL only.
    }
  }
  return sql;
}

/**
 * Groups the results of every run by node, newest first. The history has
 * no messages, so the entries of the last run come from run_results.json.
 */
function nodeRunsFrom(
  history: readonly RunHistoryLine[],
  lastRun: RunResults | undefined,
): Map<string, NodeRun[]> {
  const byNode = new Map<string, NodeRun[]>();
  const add = (id: string, run: NodeRun): void => {
    byNode.set(id, [...(byNode.get(id) ?? []), run]);
  };
  const lastId = lastRun?.metadata.run_id;
  if (lastRun) {
    for (const r of lastRun.results) {
      add(r.id, {
        runId: lastRun.metadata.run_id,
        startedAt: lastRun.metadata.started_at,
        country: r.country,
        status: r.status,
        durationMs: r.duration_ms,
        rows: r.rows,
        failures: r.failures,
        message: r.message,
      });
    }
  }
  for (const line of [...history].reverse()) {
    if (line.run_id === lastId) continue;
    for (const r of line.results) {
      add(r.id, {
        runId: line.run_id,
        startedAt: line.started_at,
        country: r.country,
        status: r.status,
        durationMs: r.duration_ms,
        rows: r.rows,
      });
    }
  }
  return byNode;
}

function latestPerCountry(runs: readonly NodeRun[]): NodeRun[] {
  const seen = new Set<string>();
  const latest: NodeRun[] = [];
  for (const run of runs) {
    const key = run.country ?? "none";
    if (seen.has(key)) continue;
    seen.add(key);
    latest.push(run);
  }
  return latest;
}

function runSummaries(
  history: readonly RunHistoryLine[],
  lastRun: RunResults | undefined,
): DocsRun[] {
  const runs: DocsRun[] = history.map((line) => ({
    runId: line.run_id,
    command: line.command,
    startedAt: line.started_at,
    elapsedMs: line.elapsed_ms,
    counts: countStatuses(line.results.map((r) => r.status)),
  }));
  // A run_results.json written before the history existed still counts.
  if (lastRun && !runs.some((r) => r.runId === lastRun.metadata.run_id)) {
    runs.push({
      runId: lastRun.metadata.run_id,
      command: lastRun.metadata.command,
      startedAt: lastRun.metadata.started_at,
      elapsedMs: lastRun.metadata.elapsed_ms,
      counts: countStatuses(lastRun.results.map((r) => r.status)),
    });
  }
  return runs.reverse();
}

function countStatuses(statuses: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
