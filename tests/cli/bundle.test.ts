import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryCatalog, writeFiles, writeProject } from "../helpers/project.ts";

const run = promisify(execFile);
const repoDir = path.resolve(import.meta.dirname, "../..");
// Inside the repository, so the packages left out of the bundle resolve
// from node_modules as they do for dist/strata.mjs.
const bundleDir = path.join(repoDir, "target", "test-bundle");
const bundle = path.join(bundleDir, "strata.mjs");

async function strata(
  args: readonly string[],
  entry = bundle,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [entry, ...args]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("the bundled CLI", () => {
  beforeAll(async () => {
    await rm(bundleDir, { recursive: true, force: true });
    await run(process.execPath, [
      path.join(repoDir, "scripts", "bundle-cli.mjs"),
      "src/cli/bin.ts",
      path.relative(repoDir, bundle),
    ]);
  }, 60_000);
  afterAll(() => rm(bundleDir, { recursive: true, force: true }));

  it("prints the package version", async () => {
    const { version } = JSON.parse(
      await readFile(path.join(repoDir, "package.json"), "utf8"),
    ) as { version: string };
    const result = await strata(["--version"]);
    expect(result).toEqual({ code: 0, output: `${version}\n` });
  });

  it("builds models on DuckDB", async () => {
    const dir = await writeProject({
      "strata.yml": "models:\n  materialized: table\n",
      "models/numbers.sql": "select range as n from range(3)",
      "models/doubled.sql": "select n * 2 as n from {{ ref('numbers') }}",
    });
    const result = await strata(["build", "--project-dir", dir]);
    expect(result.output).toContain("2 success");
    expect(result.code).toBe(0);
    const rows = await queryCatalog(
      dir,
      "select cast(sum(n) as integer) as total from doubled",
    );
    expect(rows).toEqual([{ total: 6 }]);
  }, 60_000);

  it("computes a calendar's run days", async () => {
    const dir = await writeProject({
      "strata.yml": "models:\n  materialized: view\n",
      "countries.yml": [
        "countries:",
        "  fr:",
        "    time_zone: Europe/Paris",
        "    currency: EUR",
        "    holidays: { country: FR }",
        "    calendar:",
        "      run_day: 3rd business day of Jan, Apr, Jul, Oct",
        "      partner_due: run - 2 business days",
        "      dealer_offers: run + 5 business days",
        "",
      ].join("\n"),
      "models/one.sql": "select 1 as n",
    });
    const result = await strata([
      "schedule",
      "--project-dir",
      dir,
      "--country",
      "fr",
      "--year",
      "2027",
    ]);
    expect(result.code).toBe(0);
    // New Year's Day is a holiday, so the third business day is 6 January.
    expect(result.output).toContain("2027-01-06");
  });

  it("stops quietly when the pipe closes", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) {
      files[`models/model_${i}.sql`] = `select ${i} as n`;
    }
    const dir = await writeProject(files);
    // `head -1` exits after the first line, while strata is still writing.
    const { stdout } = await run("bash", [
      "-c",
      `"${process.execPath}" "${bundle}" ls --project-dir "${dir}" 2>&1 | head -1; echo "exit \${PIPESTATUS[0]}"`,
    ]);
    expect(stdout).not.toContain("EPIPE");
    expect(stdout.trim().split("\n").at(-1)).toBe("exit 0");
  }, 60_000);

  it("exits 2 on invalid YAML", async () => {
    const dir = await writeProject({
      "strata.yml": "models: [unclosed\n",
      "models/one.sql": "select 1 as n",
    });
    const result = await strata(["compile", "--project-dir", dir]);
    expect(result.code).toBe(2);
    expect(result.output).toContain("strata.yml");
    expect(existsSync(path.join(dir, "target", "manifest.json"))).toBe(false);
  });

  it("skips loading commands when unchanged or patched", async () => {
    const dir = await writeProject({
      "strata.yml": "models:\n  materialized: view\n",
      "models/one.sql": "select 1 as n",
    });
    expect((await strata(["compile", "--project-dir", dir])).code).toBe(0);
    // A copy of the bundle without the chunk that contains the commands.
    const partial = path.join(bundleDir, "partial");
    await cp(
      path.join(bundleDir, "strata-chunks"),
      path.join(partial, "strata-chunks"),
      {
        recursive: true,
      },
    );
    await cp(bundle, path.join(partial, "strata.mjs"));
    const chunks = await readdir(path.join(partial, "strata-chunks"));
    const commands = chunks.filter((name) => name.startsWith("main-"));
    expect(commands).toHaveLength(1);
    await rm(path.join(partial, "strata-chunks", commands[0]!));
    const partialBundle = path.join(partial, "strata.mjs");

    const unchanged = await strata(
      ["compile", "--project-dir", dir],
      partialBundle,
    );
    expect(unchanged).toEqual({
      code: 0,
      output: "compiled 1 models for no country (nothing changed)\n",
    });

    // A model whose SQL alone changed is patched without the commands.
    await writeFiles(dir, { "models/one.sql": "select 2 as n" });
    const patched = await strata(
      ["compile", "--project-dir", dir],
      partialBundle,
    );
    expect(patched).toEqual({
      code: 0,
      output: "compiled 1 models for no country (1 model changed)\n",
    });

    await writeFiles(dir, { "models/two.sql": "select 2 as n" });
    const added = await strata(
      ["compile", "--project-dir", dir],
      partialBundle,
    );
    expect(added.code).not.toBe(0);
    expect(added.output).toContain("main-");
  });
});
