import { describe, expect, test } from "vitest";
import {
  progressDisplay,
  wantsLiveProgress,
} from "../../src/cli/progress-display.ts";
import type { StrataEvent } from "../../src/events/index.ts";

// The display erases its block with this sequence before redrawing it.
const eraseToEnd = "\u001b[0J";

/** Creates a fake terminal that records writes, with a clock the test moves. */
function terminal() {
  let written = "";
  let clock = 0;
  const sink = progressDisplay(
    { write: (text: string) => (written += text), columns: 80 },
    (event) =>
      event.kind === "node-end"
        ? `${event.status.toUpperCase()} ${event.node}`
        : event.kind === "run-end"
          ? "finished"
          : undefined,
    () => clock,
  );
  return {
    send: (event: StrataEvent) => sink(event),
    advance: (ms: number) => (clock += ms),
    written: () => written,
    // What stays on screen: the text after the last clearing of the block.
    screen: () => written.split(eraseToEnd).at(-1)!,
  };
}

const start: StrataEvent = {
  kind: "run-start",
  country: "fr",
  nodes: 4,
  layers: {
    marts: ["summary"],
    staging: ["stg_a", "stg_b"],
    tests: ["not_null_stg_a_id"],
  },
};

function nodeEnd(node: string, status: "success" | "error"): StrataEvent {
  return {
    kind: "node-end",
    node,
    resource: "model",
    country: "fr",
    status,
    durationMs: 10,
  };
}

function nodeStart(node: string): StrataEvent {
  return { kind: "node-start", node, resource: "model", country: "fr" };
}

describe("progress display", () => {
  test("counts done nodes per layer", () => {
    const t = terminal();
    t.send(start);
    t.send(nodeStart("stg_a"));
    t.send(nodeEnd("stg_a", "success"));
    const screen = t.screen();
    expect(screen).toContain("[fr] 1/4 nodes");
    expect(screen).toMatch(/staging +1\/2/);
    expect(screen).toMatch(/marts +0\/1/);
    expect(screen).toMatch(/tests +0\/1/);
  });

  test("orders layers as data flows", () => {
    const t = terminal();
    t.send(start);
    const layers = t
      .screen()
      .split("\n")
      .slice(1, 4)
      .map((line) => line.trim().split(" ")[0]);
    expect(layers).toEqual(["staging", "marts", "tests"]);
  });

  test("names the slowest running node", () => {
    const t = terminal();
    t.send(start);
    t.send(nodeStart("stg_a"));
    t.advance(2000);
    t.send(nodeStart("stg_b"));
    t.advance(500);
    t.send(nodeEnd("summary", "success"));
    const screen = t.screen();
    expect(screen).toContain("slowest running: stg_a 2.5s");
    expect(screen).toContain("2.5s elapsed");
    expect(screen).toMatch(/staging +0\/2 +running stg_a 2\.5s/);
  });

  test("prints failures above the block", () => {
    const t = terminal();
    t.send(start);
    t.send(nodeStart("stg_a"));
    t.send(nodeEnd("stg_a", "error"));
    const screen = t.screen();
    expect(screen.startsWith("ERROR stg_a\n")).toBe(true);
    expect(screen).toMatch(/staging +1\/2 +1 failed/);
  });

  test("keeps the final block after run end", () => {
    const t = terminal();
    t.send(start);
    for (const node of ["stg_a", "stg_b", "summary", "not_null_stg_a_id"])
      t.send(nodeEnd(node, "success"));
    t.send({ kind: "run-end", country: "fr", durationMs: 40 });
    const screen = t.screen();
    expect(screen).toContain("[fr] 4/4 nodes");
    expect(screen).toMatch(/staging +2\/2 +done/);
    expect(screen.endsWith("finished\n")).toBe(true);
  });
});

describe("wantsLiveProgress", () => {
  test.each([
    [true, {}, true],
    [true, { CI: "true" }, false],
    [true, { TERM: "dumb" }, false],
    [false, {}, false],
  ])("tty %s with env %o is %s", (isTTY, env, expected) => {
    expect(wantsLiveProgress({ isTTY }, env)).toBe(expected);
  });
});
