import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { runCli } from "../docs/cli-io.ts";
import { writeFixtureProject } from "../docs/fixture-project.ts";

/** A `strata watch` child process and everything it wrote to stderr. */
interface WatchProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the output after `from` once it contains `text`. */
  waitFor(text: string | RegExp, from?: number): Promise<string>;
  /** Length of the output so far, to wait for text written after it. */
  mark(): number;
  output(): string;
}

const running: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

function startWatch(projectDir: string, extra: string[] = []): WatchProcess {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "watch",
      "--project-dir",
      projectDir,
      "--debounce",
      "300",
      ...extra,
    ],
    { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  running.push(child);
  let stderr = "";
  const waiters = new Set<() => void>();
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const check of waiters) check();
  });
  return {
    child,
    mark: () => stderr.length,
    output: () => stderr,
    waitFor: (text, from = 0) =>
      new Promise((resolve, reject) => {
        const timeout = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`timed out waiting for ${text}; output:\n${stderr}`),
          );
        }, 30_000);
        const check = (): void => {
          const after = stderr.slice(from);
          const found =
            typeof text === "string" ? after.includes(text) : text.test(after);
          if (!found) return;
          clearTimeout(timeout);
          waiters.delete(check);
          resolve(after);
        };
        waiters.add(check);
        check();
      }),
  };
}

async function edit(dir: string, file: string, text: string): Promise<void> {
  await writeFile(path.join(dir, file), text);
}

const rebuilt = /rebuilt( with failures)? in [\d.]+s; waiting for changes/;

describe("strata watch", () => {
  test("reruns a saved model and downstream", async () => {
    const dir = await writeFixtureProject();
    const watch = startWatch(dir);
    await watch.waitFor(rebuilt);

    const mark = watch.mark();
    await edit(
      dir,
      "models/staging/stg_vehicles.sql",
      `select * from (values
  (1, 'PROPOSE_NOW', 1200.0), (2, 'PROPOSE_NOW', 800.0),
  (3, 'HOLD', -150.0), (4, 'EXTEND', 300.0), (5, 'HOLD', 90.0)
) as v(vehicle_id, segment, margin_eur)
`,
    );
    const after = await watch.waitFor(rebuilt, mark);
    expect(after).toContain(
      "changed: models/staging/stg_vehicles.sql; rebuilding 6 nodes",
    );
    expect(after).toMatch(
      /SUCCESS model resale_candidates \([\d.]+s, 5 rows\)/,
    );
    expect(after).toMatch(/SUCCESS model remarketing_summary/);
    expect(after).toMatch(/PASS +test unique_stg_vehicles_vehicle_id/);
    expect(after).not.toContain("model stg_segments");
    expect(after).not.toContain("seed segments");

    watch.child.kill("SIGINT");
    const code = await new Promise((resolve) =>
      watch.child.once("exit", resolve),
    );
    expect(code).toBe(0);
    expect(watch.output()).toContain("stopped watching");
  });

  test("shows errors and keeps watching", async () => {
    const dir = await writeFixtureProject();
    const watch = startWatch(dir);
    await watch.waitFor(rebuilt);

    let mark = watch.mark();
    await edit(
      dir,
      "models/staging/stg_segments.sql",
      "select segment,\n  label\nfrom {{ ref('segments') }}\nwhere segment = = 'x'\n",
    );
    const broken = await watch.waitFor(rebuilt, mark);
    expect(broken).toContain("error: models/staging/stg_segments.sql:4: ");
    expect(broken).toContain("rebuilt with failures");
    expect(broken).toMatch(/SKIPPED model resale_candidates/);

    mark = watch.mark();
    await edit(
      dir,
      "models/staging/stg_segments.sql",
      "select * from {{ ref('missing') }}\n",
    );
    const invalid = await watch.waitFor("fix the file and save it again", mark);
    expect(invalid).toContain(
      "error: models/staging/stg_segments.sql: ref('missing') names no model or seed",
    );

    mark = watch.mark();
    await edit(
      dir,
      "models/staging/stg_segments.sql",
      "select * from {{ ref('segments') }}\n",
    );
    const fixed = await watch.waitFor(rebuilt, mark);
    expect(fixed).toContain("rebuilt in");
    expect(fixed).toMatch(/SUCCESS model stg_segments/);
    // The models skipped after the failure are stale, so they run again.
    expect(fixed).toMatch(/SUCCESS model resale_candidates/);
    expect(fixed).toMatch(/SUCCESS model remarketing_summary/);
    expect(watch.child.exitCode).toBeNull();
  });

  test("debounces a burst of saves", async () => {
    const dir = await writeFixtureProject();
    const watch = startWatch(dir);
    await watch.waitFor(rebuilt);

    const mark = watch.mark();
    for (let i = 0; i < 5; i++) {
      await edit(
        dir,
        "seeds/segments.csv",
        `segment,label\nHOLD,Hold ${i}\nEXTEND,Extend\nPROPOSE_NOW,Now\n`,
      );
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await watch.waitFor(rebuilt, mark);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = watch.output().slice(mark);
    expect(after.match(/changed: /g)).toHaveLength(1);
    expect(after).toContain("changed: seeds/segments.csv; rebuilding 4 nodes");
    expect(after).toMatch(/SUCCESS seed segments \([\d.]+s, 3 rows\)/);
  });

  test("description edit rebuilds nothing", async () => {
    const dir = await writeFixtureProject();
    const watch = startWatch(dir);
    await watch.waitFor(rebuilt);

    const mark = watch.mark();
    const file = path.join(dir, "models/marts/marts.yml");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace("Vehicles and margins", "Cars and margins"),
    );
    const after = await watch.waitFor("no node to rebuild", mark);
    expect(after).toContain(
      "changed: models/marts/marts.yml; no node to rebuild",
    );
  });

  test("select narrows what a save reruns", async () => {
    const dir = await writeFixtureProject();
    // Build everything first, so the unselected parents exist.
    expect((await runCli(["build", "-q", "--project-dir", dir])).code).toBe(0);
    const watch = startWatch(dir, [
      "--select",
      "stg_vehicles",
      "resale_candidates",
    ]);
    const first = await watch.waitFor(rebuilt);
    expect(first).toContain("building 5 nodes");
    expect(first).not.toContain("remarketing_summary");

    const mark = watch.mark();
    await edit(
      dir,
      "models/staging/stg_segments.sql",
      "select segment, upper(label) as label from {{ ref('segments') }}\n",
    );
    const after = await watch.waitFor(rebuilt, mark);
    expect(after).toContain(
      "changed: models/staging/stg_segments.sql; rebuilding 1 node",
    );
    expect(after).toMatch(/SUCCESS model resale_candidates/);
    expect(after).not.toContain("model stg_segments");
    expect(after).not.toContain("remarketing_summary");
  });
});
