import type { GraphNode, ModelNode, TestNode } from "../compile/index.ts";
import { meetsThreshold } from "../project/test-thresholds.ts";
import { SqlError, type Engine, type RunScope } from "../engines/index.ts";
import { StrataError } from "../errors/index.ts";
import type { EventSink, NodeStatus } from "../events/index.ts";
import { descendants, type Graph } from "../graph/index.ts";
import { withModelHooks } from "./hooks.ts";
import { sourceLineOf } from "./sql-location.ts";
import path from "node:path";

/**
 * The outcome of one node, as run_results.json records it. Its keys are
 * snake_case, as in dbt's run_results.json, because the object is written
 * to the file as it is.
 */
export interface NodeResult {
  readonly id: string;
  readonly name: string;
  /** `operation` is an on_run_start or on_run_end step of strata.yml. */
  readonly kind: GraphNode["kind"] | "operation";
  readonly country: string | null;
  readonly status: NodeStatus;
  readonly duration_ms: number;
  readonly rows?: number;
  readonly failures?: number;
  readonly message?: string;
  readonly file?: string;
  readonly line?: number;
}

/** The nodes of one country's run and the settings to execute them with. */
export interface Plan {
  readonly engine: Engine;
  readonly graph: Graph;
  /** Nodes to execute; sources are never executed. */
  readonly nodes: ReadonlySet<string>;
  readonly threads: number;
  readonly scope: RunScope;
  readonly projectDir: string;
  readonly compiledPaths: ReadonlyMap<string, string>;
  readonly events: EventSink;
  /**
   * Returns the model to materialize, right before it is built: a model
   * whose template runs queries is rendered again at this point.
   */
  readonly prepareModel?: (model: ModelNode) => Promise<ModelNode>;
}

const blocking: ReadonlySet<NodeStatus> = new Set(["error", "fail", "skipped"]);

/**
 * Executes the plan's nodes in dependency order, up to `threads` at once.
 * A model also waits for the tests of its parents, so an error-level test
 * failure (or a model error) skips everything downstream of it.
 */
export async function executePlan(plan: Plan): Promise<NodeResult[]> {
  const { graph } = plan;
  const testsOf = new Map<string, string[]>();
  for (const id of plan.nodes) {
    const node = graph.nodes.get(id)!;
    if (node.kind !== "test" || !node.attachedTo) continue;
    const list = testsOf.get(node.attachedTo) ?? [];
    list.push(id);
    testsOf.set(node.attachedTo, list);
  }
  const waitsFor = (id: string): string[] => {
    const node = graph.nodes.get(id)!;
    const parents = planParents(graph, plan.nodes, id);
    if (node.kind === "test") return parents;
    const downstream = new Set([id]);
    const parentTests = parents
      .flatMap((p) => testsOf.get(p) ?? [])
      .filter((testId) => {
        const test = graph.nodes.get(testId)!;
        if (test.dependsOn.length < 2) return true;
        // A test that reads this node itself (a relationships test pointing
        // here) cannot gate it: waiting for it would wait forever.
        if (downstream.size === 1)
          for (const d of descendants(graph, id)) downstream.add(d);
        return !test.dependsOn.some((dep) => downstream.has(dep));
      });
    return [...parents, ...parentTests];
  };

  const slots = new Slots(Math.max(1, plan.threads));
  const started = new Map<string, Promise<NodeResult>>();
  const resultOf = (id: string): Promise<NodeResult> => {
    let promise = started.get(id);
    if (!promise) {
      promise = runWhenReady(id);
      started.set(id, promise);
    }
    return promise;
  };
  const runWhenReady = async (id: string): Promise<NodeResult> => {
    const before = await Promise.all(waitsFor(id).map(resultOf));
    const node = graph.nodes.get(id)!;
    const blocker = before.find((r) => blocking.has(r.status));
    if (blocker) {
      const result = skipped(node, plan.scope.country, blocker);
      plan.events({
        kind: "node-end",
        node: node.name,
        resource: node.kind,
        country: plan.scope.country,
        status: "skipped",
        durationMs: 0,
        message: result.message,
      });
      return result;
    }
    const result = await slots.run(() => runNode(plan, node, slots));
    if (result !== retryAlone) return result;
    const alone = await slots.run(() => runNode(plan, node), true);
    // run_results.json keeps the note, as the warning scrolls by.
    const note = "ran out of memory beside other nodes, then ran alone";
    return {
      ...alone,
      message: alone.message ? `${note}: ${alone.message}` : note,
    };
  };
  return Promise.all([...plan.nodes].sort().map(resultOf));
}

/**
 * Returns the parents of a node that are in the plan. An ephemeral model is never
 * executed, so its own parents stand in for it.
 */
function planParents(
  graph: Graph,
  nodes: ReadonlySet<string>,
  id: string,
): string[] {
  const found = new Set<string>();
  const visit = (current: string): void => {
    for (const parent of graph.parents.get(current) ?? []) {
      if (nodes.has(parent)) {
        found.add(parent);
        continue;
      }
      const node = graph.nodes.get(parent);
      if (node?.kind === "model" && node.config.materialized === "ephemeral") {
        visit(parent);
      }
    }
  };
  visit(id);
  return [...found];
}

function skipped(
  node: GraphNode,
  country: string | null,
  blocker: NodeResult,
): NodeResult {
  return {
    id: node.id,
    name: node.name,
    kind: node.kind,
    country,
    status: "skipped",
    duration_ms: 0,
    message: `skipped because ${blocker.kind} ${blocker.name} ${blocker.status === "skipped" ? "was skipped" : blocker.status === "fail" ? "failed its test" : "failed"}`,
  };
}

/** The value runNode returns for a node to run again with nothing beside it. */
const retryAlone = Symbol("retry alone");

/**
 * Runs one node and reports it. Given the slots it runs in, a node that
 * ran out of memory while other nodes ran is not reported: runNode returns
 * `retryAlone` instead, because the nodes share DuckDB's memory limit.
 */
async function runNode(plan: Plan, node: GraphNode): Promise<NodeResult>;
async function runNode(
  plan: Plan,
  node: GraphNode,
  slots: Slots,
): Promise<NodeResult | typeof retryAlone>;
async function runNode(
  plan: Plan,
  node: GraphNode,
  slots?: Slots,
): Promise<NodeResult | typeof retryAlone> {
  const country = plan.scope.country;
  plan.events({
    kind: "node-start",
    node: node.name,
    resource: node.kind,
    country,
  });
  const start = performance.now();
  const mark = slots?.mark();
  let result: Omit<NodeResult, "duration_ms">;
  try {
    result = await execute(plan, node);
  } catch (error) {
    if (mark && slots?.sharedSince(mark) && isOutOfMemory(error)) {
      plan.events({
        kind: "log",
        level: "warn",
        message: `${node.kind} ${node.name} ran out of memory beside other nodes; running it again alone`,
      });
      return retryAlone;
    }
    result = failure(plan, node, error);
  }
  const durationMs = Math.round(performance.now() - start);
  plan.events({
    kind: "node-end",
    node: node.name,
    resource: node.kind,
    country,
    status: result.status,
    durationMs,
    rows: result.rows,
    failures: result.failures,
    message: result.message,
  });
  return { ...result, duration_ms: durationMs };
}

async function execute(
  plan: Plan,
  node: GraphNode,
): Promise<Omit<NodeResult, "duration_ms">> {
  const base = {
    id: node.id,
    name: node.name,
    kind: node.kind,
    country: plan.scope.country,
  };
  switch (node.kind) {
    case "seed": {
      const { rows } = await plan.engine.loadSeed(
        node,
        path.join(plan.projectDir, node.path),
      );
      return { ...base, status: "success", rows };
    }
    case "model": {
      // NOTE: `failure` maps a SQL error's line through the compile-time
      // SQL, which may differ from the SQL a model rendered here runs.
      const model = plan.prepareModel ? await plan.prepareModel(node) : node;
      const { rows } = await withModelHooks(plan.engine, model, () =>
        plan.engine.materialize(model, plan.scope),
      );
      return { ...base, status: "success", rows };
    }
    case "test": {
      const failures = await plan.engine.countFailures(node);
      const status = testStatus(node, failures);
      const stored =
        node.storeFailures && failures > 0
          ? `; stored in ${await plan.engine.storeFailures(node, plan.scope)}`
          : "";
      const message =
        failures === 0
          ? undefined
          : `${failures} failing row${failures === 1 ? "" : "s"} (${node.compiledSql.length > 0 ? (plan.compiledPaths.get(node.id) ?? node.path) : node.path}${stored})`;
      return { ...base, status, failures, message };
    }
    case "source":
      return { ...base, status: "success" };
  }
}

/**
 * A test's status from its failing rows, as in dbt: an error-level test
 * fails when the count meets `error_if`, and otherwise warns when it meets
 * `warn_if`. Both default to `!=0`.
 */
function testStatus(test: TestNode, failures: number): NodeStatus {
  const errorIf = test.errorIf ?? "!=0";
  const warnIf = test.warnIf ?? "!=0";
  if (test.severity === "error" && meetsThreshold(failures, errorIf))
    return "fail";
  if (meetsThreshold(failures, warnIf)) return "warn";
  return "pass";
}

function failure(
  plan: Plan,
  node: GraphNode,
  error: unknown,
): Omit<NodeResult, "duration_ms"> {
  const base = {
    id: node.id,
    name: node.name,
    kind: node.kind,
    country: plan.scope.country,
    status: "error" as const,
  };
  if (error instanceof SqlError) {
    const compiled = plan.compiledPaths.get(node.id);
    const line =
      error.line !== undefined && node.kind === "model"
        ? sourceLineOf(node.rawSql, node.compiledSql, error.line)
        : undefined;
    const where = line !== undefined ? `${node.path}:${line}` : node.path;
    const compiledAt = compiled
      ? `; compiled SQL ${compiled}${error.line ? `:${error.line}` : ""}`
      : "";
    // DuckDB's own advice names its threads; strata's --threads is the
    // number of models built at once, which also share the memory limit.
    const memoryHint = isOutOfMemory(error)
      ? `\n  DuckDB reached its memory_limit. Build fewer models at once (--threads 1), or raise memory_limit under the target's settings in strata.yml.`
      : "";
    return {
      ...base,
      message: `SQL error in ${node.kind} ${node.name} (${where}${compiledAt}): ${error.message}${memoryHint}`,
      file: node.path,
      line,
    };
  }
  if (error instanceof StrataError) {
    const message = error.diagnostics
      .map((d) => (d.hint ? `${d.message}. ${d.hint}` : d.message))
      .join("\n");
    return { ...base, message, file: node.path };
  }
  const text =
    error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    ...base,
    message: `internal error in strata while running ${node.name}: ${text}`,
    file: node.path,
  };
}

/** Collects the models whose staged data may be published. */
export function publishableModels(
  graph: Graph,
  results: readonly NodeResult[],
): ModelNode[] {
  const failedTests = new Set(
    results
      .filter(
        (r) =>
          r.kind === "test" && (r.status === "fail" || r.status === "error"),
      )
      .map((r) => r.id),
  );
  const blocked = new Set<string>();
  for (const id of failedTests) {
    const test = graph.nodes.get(id);
    if (test?.kind === "test" && test.attachedTo) blocked.add(test.attachedTo);
  }
  return results
    .filter(
      (r) => r.kind === "model" && r.status === "success" && !blocked.has(r.id),
    )
    .map((r) => graph.nodes.get(r.id) as ModelNode);
}

function isOutOfMemory(error: unknown): boolean {
  return error instanceof SqlError && /Out of Memory Error/.test(error.message);
}

/**
 * Run slots: up to `size` nodes run at once. A node run `alone` waits until
 * no other node runs, and later requests wait behind it, so it cannot starve.
 */
class Slots {
  private running = 0;
  /** Nodes started so far. */
  private started = 0;
  private exclusive = false;
  private readonly waiting: { alone: boolean; start: () => void }[] = [];

  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>, alone = false): Promise<T> {
    await this.acquire(alone);
    try {
      return await work();
    } finally {
      this.running--;
      if (alone) this.exclusive = false;
      while (this.waiting.length > 0 && this.canStart(this.waiting[0]!.alone)) {
        this.waiting.shift()!.start();
      }
    }
  }

  /** Notes the moment a node starts, for sharedSince. */
  mark(): { readonly running: number; readonly started: number } {
    return { running: this.running, started: this.started };
  }

  /** Tells whether another node ran at any time since the mark. */
  sharedSince(mark: ReturnType<Slots["mark"]>): boolean {
    return mark.running > 1 || this.running > 1 || this.started > mark.started;
  }

  private canStart(alone: boolean): boolean {
    if (this.exclusive) return false;
    return alone ? this.running === 0 : this.running < this.size;
  }

  private acquire(alone: boolean): Promise<void> {
    const take = (): void => {
      this.running++;
      this.started++;
      if (alone) this.exclusive = true;
    };
    if (this.waiting.length === 0 && this.canStart(alone)) {
      take();
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push({
        alone,
        start: () => {
          take();
          resolve();
        },
      }),
    );
  }
}
