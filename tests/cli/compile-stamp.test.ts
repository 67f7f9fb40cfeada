import { mkdtemp, readFile, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, writeFiles, writeProject } from "../helpers/project.ts";

const unchanged = "compiled 2 models for no country (nothing changed)";

async function newProject(): Promise<string> {
  return writeProject({
    "strata.yml": "models:\n  materialized: view\n",
    "models/a.sql": "select {{ var('cutoff', 1) }} as n",
    "models/b.sql": "select n from {{ ref('a') }}",
  });
}

async function compile(dir: string, ...extra: string[]): Promise<string> {
  const result = await runCli(["compile", "--project-dir", dir, ...extra]);
  expect(result.code).toBe(0);
  return result.err;
}

const compiledA = (dir: string): Promise<string> =>
  readFile(path.join(dir, "target/compiled/none/models/a.sql"), "utf8");

describe("compile when nothing changed", () => {
  afterEach(() => {
    delete process.env.STRATA_STAMP_TEST;
  });

  it("skips the second compile", async () => {
    const dir = await newProject();
    await compile(dir);
    const manifest = path.join(dir, "target", "manifest.json");
    const before = (await stat(manifest)).mtimeMs;

    expect(await compile(dir)).toBe(unchanged);
    expect((await stat(manifest)).mtimeMs).toBe(before);
  });

  it("compiles again after a model is edited", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, { "models/a.sql": "select 42 as number" });

    expect(await compile(dir)).toBe(
      "compiled 2 models for no country (1 model changed)",
    );
    expect(await compiledA(dir)).toBe("select 42 as number\n");
  });

  it("compiles again after a model is added", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, { "models/c.sql": "select 3 as n" });

    expect(await compile(dir)).toBe("compiled 3 models for no country");
  });

  it("compiles again after a compiled file is deleted", async () => {
    const dir = await newProject();
    await compile(dir);
    await rm(path.join(dir, "target/compiled/none/models/a.sql"));

    expect(await compile(dir)).toBe("compiled 2 models for no country");
    expect(await compiledA(dir)).toBe("select 1 as n\n");
  });

  it("compiles again with other vars", async () => {
    const dir = await newProject();
    await compile(dir);

    expect(await compile(dir, "--vars", "{cutoff: 7}")).toBe(
      "compiled 2 models for no country",
    );
    expect(await compiledA(dir)).toBe("select 7 as n\n");
    expect(await compile(dir, "--vars", "{cutoff: 7}")).toBe(unchanged);
  });

  it("compiles again when a read environment variable changes", async () => {
    const dir = await newProject();
    await writeFiles(dir, {
      "models/a.sql":
        "select '{{ env_var('STRATA_STAMP_TEST', 'none') }}' as n",
    });
    process.env.STRATA_STAMP_TEST = "first";
    await compile(dir);
    expect(await compile(dir)).toBe(unchanged);

    process.env.STRATA_STAMP_TEST = "second";
    expect(await compile(dir)).toBe("compiled 2 models for no country");
    expect(await compiledA(dir)).toBe("select 'second' as n\n");
  });

  it("always compiles with a state selector", async () => {
    const dir = await newProject();
    await compile(dir);
    const state = path.join(dir, "target");

    const args = ["--select", "state:modified", "--state", state];
    expect(await compile(dir, ...args)).not.toContain("nothing changed");
    expect(await compile(dir, ...args)).not.toContain("nothing changed");
  });

  it("compiles again with other threads", async () => {
    const dir = await newProject();
    await writeFiles(dir, {
      "models/a.sql": "select {{ target.threads }} as n",
    });
    await compile(dir, "--threads", "2");

    expect(await compile(dir, "--threads", "8")).toBe(
      "compiled 2 models for no country",
    );
    expect(await compiledA(dir)).toBe("select 8 as n\n");
  });

  it("compiles again after a fixture is edited", async () => {
    const dir = await newProject();
    await writeFiles(dir, {
      "models/unit.yml": [
        "unit_tests:",
        "  - name: from_fixture",
        "    model: b",
        "    given:",
        "      - input: ref('a')",
        "        format: csv",
        "        fixture: numbers",
        "    expect:",
        "      rows: [{ n: 1 }]",
        "",
      ].join("\n"),
      "tests/fixtures/numbers.csv": "n\n1\n",
    });
    await compile(dir);
    await writeFiles(dir, { "tests/fixtures/numbers.csv": "n\n12345\n" });

    expect(await compile(dir)).toBe("compiled 2 models for no country");
    const test = await readFile(
      path.join(dir, "target/compiled/none/tests/from_fixture.sql"),
      "utf8",
    );
    expect(test).toContain("12345");
  });

  it("recompiles on a unit test's env_var", async () => {
    const dir = await newProject();
    await writeFiles(dir, {
      "macros/prefix.sql":
        "{% macro prefixed(name) %}'{{ env_var('STRATA_STAMP_TEST', 'dev') }}_{{ name }}'{% endmacro %}",
      "models/unit.yml": [
        "unit_tests:",
        "  - name: prefix_text",
        "    macro: prefixed",
        "    args: [x]",
        "    expect:",
        "      output: \"'dev_x'\"",
        "",
      ].join("\n"),
    });
    await compile(dir);

    process.env.STRATA_STAMP_TEST = "prod";
    expect(await compile(dir)).toBe("compiled 2 models for no country");
  });

  it("follows linked project files", async () => {
    const dir = await newProject();
    const shared = await mkdtemp(path.join(tmpdir(), "strata-shared-"));
    await writeFiles(shared, {
      "strata.yml": "vars:\n  cutoff: 1\nmodels:\n  materialized: view\n",
    });
    await rm(path.join(dir, "strata.yml"));
    await symlink(
      path.join(shared, "strata.yml"),
      path.join(dir, "strata.yml"),
    );
    await compile(dir);
    await writeFiles(shared, {
      "strata.yml": "vars:\n  cutoff: 5\nmodels:\n  materialized: view\n",
    });

    expect(await compile(dir)).toBe("compiled 2 models for no country");
    expect(await compiledA(dir)).toBe("select 5 as n\n");
  });

  it("re-renders a model reading the clock", async () => {
    const dir = await newProject();
    await writeFiles(dir, {
      "models/a.sql":
        "select '{{ modules.datetime.datetime.now().isoformat() }}' as n",
    });
    await compile(dir);
    const first = await compiledA(dir);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Editing the other model makes the next compile run in full.
    await writeFiles(dir, {
      "models/b.sql": "select n, 2 as m from {{ ref('a') }}",
    });

    expect(await compile(dir)).toBe("compiled 2 models for no country");
    expect(await compiledA(dir)).not.toBe(first);
  });

  it("shows logs a quiet compile hid", async () => {
    const dir = await newProject();
    await writeFiles(dir, {
      "models/b.sql": "{{ log('rendering b', info=True) }}select 1 as n",
    });
    await compile(dir, "--quiet");

    const loud = await compile(dir);
    expect(loud).toContain("rendering b");
    expect(loud).not.toContain("nothing changed");
  });

  it("reports a newly broken model", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, { "models/b.sql": "select n from {{ ref('zz') }}" });

    const failed = await runCli(["compile", "--project-dir", dir]);
    expect(failed.code).toBe(2);
    expect(failed.err).toContain("zz");
  });
});

describe("the check before the commands load", () => {
  it("leaves target errors to the command", async () => {
    const dir = await newProject();
    await compile(dir);
    await rm(path.join(dir, "target/compiled"), { recursive: true });
    await writeFiles(dir, { "target/compiled": "not a folder" });

    const result = await runCli(["compile", "--project-dir", dir]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("target/compiled");
  });

  it("leaves bad arguments to the command", async () => {
    const dir = await newProject();
    await compile(dir);

    const result = await runCli([
      "compile",
      "--project-dir",
      dir,
      "--threads",
      "0",
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("--threads");
    expect(result.err).not.toContain("nothing changed");
  });

  it("leaves help to the command", async () => {
    const dir = await newProject();
    await compile(dir);

    const result = await runCli(["compile", "--project-dir", dir, "--help"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Usage: strata compile");
  });
});
