import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { queryCatalog, runCli, writeProject } from "../helpers/project.ts";

const bin = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../bin/strata.js",
);

// A model that keeps DuckDB busy for a few seconds: a run of `heldRows`
// rows took 3.9 s on the development machine. With 120,000 rows it took
// 0.8 s there, and finished before the second run reached the lock.
const slowProject = {
  "strata.yml": "models:\n  materialized: table\n",
  "models/slow.sql":
    "select count(*) as n from range(0, {{ var('rows', 1) }}) a, range(0, 1000) b where (a.range * b.range) % 7 = 3",
};

const heldRows = 600_000;

function startChild(
  dir: string,
  rows: number,
): { done: Promise<number>; output: () => string; kill: () => void } {
  let output = "";
  const child = spawn(
    process.execPath,
    [bin, "run", "--project-dir", dir, "--vars", `{rows: ${rows}}`],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const done = new Promise<number>((resolve) =>
    child.on("exit", (code) => resolve(code ?? -1)),
  );
  return { done, output: () => output, kill: () => child.kill("SIGKILL") };
}

async function waitForLock(dir: string): Promise<void> {
  const lock = path.join(dir, "target", "strata.duckdb.lock");
  for (let i = 0; i < 200 && !existsSync(lock); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("two runs on one project", () => {
  it("the second waits for the first and names the holder", async () => {
    const dir = await writeProject(slowProject);
    const first = startChild(dir, heldRows);
    await waitForLock(dir);

    const second = await runCli([
      "run",
      "--project-dir",
      dir,
      "--log-format",
      "text",
    ]);

    expect(await first.done).toBe(0);
    expect(second.code).toBe(0);
    expect(second.err).toMatch(
      /waiting for the catalog, held by PID \d+ \(strata run/,
    );
    expect(
      await queryCatalog(dir, "select count(*)::integer as n from main.slow"),
    ).toEqual([{ n: 1 }]);
  });

  it("the second fails after --lock-timeout", async () => {
    const dir = await writeProject(slowProject);
    const first = startChild(dir, heldRows);
    await waitForLock(dir);

    const second = await runCli([
      "run",
      "--project-dir",
      dir,
      "--lock-timeout",
      "0.2",
    ]);

    expect(second.code).toBe(2);
    expect(second.err).toMatch(/is still held by PID \d+ \(strata run/);
    expect(second.err).toContain("raise --lock-timeout");
    expect(await first.done).toBe(0);
  });

  it("a lock left by a dead process is taken over", async () => {
    const dir = await writeProject({ "models/a.sql": "select 1 as id" });
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(path.join(dir, "target"), { recursive: true });
    await writeFile(
      path.join(dir, "target", "strata.duckdb.lock"),
      JSON.stringify({
        pid: 999_999_999,
        holder: "strata run",
        since: "2026-01-01T00:00:00Z",
      }),
    );

    const result = await runCli([
      "run",
      "--project-dir",
      dir,
      "--lock-timeout",
      "1",
    ]);

    expect(result.code).toBe(0);
  });

  it("a killed run leaves the published partition whole", async () => {
    const dir = await writeProject(slowProject);
    expect((await runCli(["run", "--project-dir", dir])).code).toBe(0);
    const published = path.join(
      dir,
      "target/warehouse/slow/data/data_0.parquet",
    );
    const before = await readFile(published);

    const child = startChild(dir, 2_000_000);
    await waitForLock(dir);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill();
    await child.done;

    expect(await readFile(published)).toEqual(before);
    // Any command that opens the catalog repairs views left on staged data.
    expect((await runCli(["test", "--project-dir", dir])).code).toBe(0);
    const staged = await queryCatalog(
      dir,
      "select view_name from duckdb_views() where sql like '%.staging%'",
    );
    expect(staged).toEqual([]);
    const rerun = await runCli([
      "run",
      "--project-dir",
      dir,
      "--lock-timeout",
      "5",
    ]);
    expect(rerun.code).toBe(0);
    expect(existsSync(path.join(dir, "target/warehouse/slow/.staging"))).toBe(
      false,
    );
    expect(
      await queryCatalog(dir, "select count(*)::integer as n from main.slow"),
    ).toEqual([{ n: 1 }]);
  });
});
