import type { EventSink, StrataEvent } from "../events/index.ts";

/**
 * Returns whether a live display suits the stream: a terminal, outside CI,
 * and not a terminal that cannot move the cursor.
 */
export function wantsLiveProgress(
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return stream.isTTY === true && !env.CI && env.TERM !== "dumb";
}

/** The part of a TTY stream the live display writes to. */
export interface LiveStream {
  write(text: string): unknown;
  readonly columns?: number;
}

interface LayerProgress {
  readonly total: number;
  done: number;
  failed: number;
}

interface RunProgress {
  readonly country: string | null;
  readonly nodes: number;
  readonly startedAt: number;
  readonly layerOfNode: Map<string, string>;
  readonly layers: Map<string, LayerProgress>;
  /** Running nodes and when each started, in milliseconds. */
  readonly running: Map<string, number>;
}

const redrawIntervalMs = 250;

/**
 * Renders a run as a live block on a terminal: per layer the nodes done of
 * the total and the slowest running node, with the elapsed time. Lines that
 * must stay (errors, warnings, failed tests, the closing line of a country)
 * are printed above the block with `describe`, the plain renderer.
 */
export function progressDisplay(
  stream: LiveStream,
  describe: (event: StrataEvent) => string | undefined,
  now: () => number = () => performance.now(),
): EventSink {
  let run: RunProgress | undefined;
  let drawnLines = 0;
  let timer: NodeJS.Timeout | undefined;

  const clear = (): void => {
    // Move to the start of the block's first line and erase to the end.
    if (drawnLines > 0) stream.write(`\u001b[${drawnLines}F\u001b[0J`);
    drawnLines = 0;
  };
  const draw = (): void => {
    clear();
    if (!run) return;
    const lines = renderBlock(run, now(), stream.columns ?? 80);
    stream.write(`${lines.join("\n")}\n`);
    drawnLines = lines.length;
  };
  const printAbove = (text: string): void => {
    clear();
    stream.write(`${text}\n`);
    draw();
  };

  return (event) => {
    switch (event.kind) {
      case "run-start":
        run = startRun(event, now());
        clearInterval(timer);
        timer = setInterval(draw, redrawIntervalMs);
        timer.unref();
        draw();
        return;
      case "node-start":
        run?.running.set(event.node, now());
        draw();
        return;
      case "node-end": {
        if (run) finishNode(run, event);
        const text = describe(event);
        if (
          text !== undefined &&
          event.status !== "success" &&
          event.status !== "pass"
        )
          printAbove(text);
        else draw();
        return;
      }
      case "run-end": {
        clearInterval(timer);
        timer = undefined;
        draw();
        // The final block stays on screen as the run's record.
        drawnLines = 0;
        run = undefined;
        const text = describe(event);
        if (text !== undefined) stream.write(`${text}\n`);
        return;
      }
      default: {
        const text = describe(event);
        if (text !== undefined) printAbove(text);
      }
    }
  };
}

function startRun(
  event: Extract<StrataEvent, { kind: "run-start" }>,
  startedAt: number,
): RunProgress {
  const layerOfNode = new Map<string, string>();
  const layers = new Map<string, LayerProgress>();
  const entries = Object.entries(event.layers ?? {}).sort(
    ([a], [b]) => layerRank(a) - layerRank(b) || a.localeCompare(b),
  );
  for (const [layer, names] of entries) {
    layers.set(layer, { total: names.length, done: 0, failed: 0 });
    for (const name of names) layerOfNode.set(name, layer);
  }
  // An event without layers counts every node in one line named `nodes`.
  if (layers.size === 0)
    layers.set("nodes", { total: event.nodes, done: 0, failed: 0 });
  return {
    country: event.country,
    nodes: event.nodes,
    startedAt,
    layerOfNode,
    layers,
    running: new Map(),
  };
}

// Layers in the order data flows through a typical project; others sort
// alphabetically between these and the tests.
const layerOrder = ["sources", "seeds", "staging", "intermediate", "marts"];

function layerRank(layer: string): number {
  if (layer === "tests") return layerOrder.length + 1;
  const index = layerOrder.indexOf(layer);
  return index === -1 ? layerOrder.length : index;
}

function finishNode(
  run: RunProgress,
  event: Extract<StrataEvent, { kind: "node-end" }>,
): void {
  run.running.delete(event.node);
  const layer = run.layers.get(run.layerOfNode.get(event.node) ?? "nodes");
  if (!layer) return;
  layer.done += 1;
  if (event.status === "error" || event.status === "fail") layer.failed += 1;
}

function renderBlock(run: RunProgress, now: number, columns: number): string[] {
  const where = run.country ? `[${run.country}] ` : "";
  const done = [...run.layers.values()].reduce((sum, l) => sum + l.done, 0);
  const elapsed = seconds(now - run.startedAt);
  const lines = [`${where}${done}/${run.nodes} nodes, ${elapsed} elapsed`];
  const width = Math.max(...[...run.layers.keys()].map((l) => l.length));
  for (const [name, layer] of run.layers) {
    const slowest = slowestRunning(run, now, name);
    const parts = [
      `  ${name.padEnd(width)}  ${`${layer.done}/${layer.total}`.padStart(7)}`,
    ];
    if (layer.failed > 0) parts.push(`${layer.failed} failed`);
    if (slowest) parts.push(`running ${slowest}`);
    else if (layer.done === layer.total) parts.push("done");
    lines.push(parts.join("  "));
  }
  const slowest = slowestRunning(run, now);
  if (slowest) lines.push(`  slowest running: ${slowest}`);
  return lines.map((line) => line.slice(0, Math.max(20, columns - 1)));
}

function slowestRunning(
  run: RunProgress,
  now: number,
  layer?: string,
): string | undefined {
  let found: { name: string; since: number } | undefined;
  for (const [name, since] of run.running) {
    const inLayer = run.layerOfNode.get(name) ?? "nodes";
    if (layer !== undefined && inLayer !== layer) continue;
    if (!found || since < found.since) found = { name, since };
  }
  return found ? `${found.name} ${seconds(now - found.since)}` : undefined;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
