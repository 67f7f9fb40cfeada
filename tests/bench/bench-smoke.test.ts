import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const repoDir = path.resolve(import.meta.dirname, "..", "..");

// Runs the whole benchmark pipeline on 50 models once, without peers and
// without timing assertions: it checks that every step still works.
it("bench smoke run completes", { timeout: 600_000 }, async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", path.join(repoDir, "bench", "run.ts"), "--smoke"],
    { cwd: repoDir, maxBuffer: 16 * 1024 * 1024 },
  );
  expect(stdout).toMatch(/\| compile, cold \| strata \| 50 models \|/);
  expect(stdout).toMatch(/\| compile, warm \| strata \| 50 models \|/);
  expect(stdout).toMatch(/\| build \| strata \| 50 models \|/);
  expect(stdout).toMatch(/\| build \| DuckDB direct \| 50 models \|/);
});
