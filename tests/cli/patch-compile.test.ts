import {
  copyFile,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
} from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { patchManifest } from "../../src/run/patch-compile.ts";
import {
  runCli,
  twoCountries,
  writeFiles,
  writeProject,
} from "../helpers/project.ts";

const full = "compiled 8 models for fr, de";
const patched = (count: number): string =>
  `${full} (${count} ${count === 1 ? "model" : "models"} changed)`;

async function newProject(
  extra: Readonly<Record<string, string>> = {},
): Promise<string> {
  return writeProject({
    "strata.yml": "models:\n  materialized: view\n",
    "countries.yml": twoCountries,
    "sources.yml": `sources:
  - name: landing
    tables:
      - name: orders
        format: csv
        path: "landing/{{ country }}/orders.csv"
`,
    "models/staging/stg_orders.sql":
      "select * from {{ source('landing', 'orders') }}",
    "models/a.sql":
      "select {{ country.params.factor }} * {{ var('base', 10) }} as n",
    "models/b.sql": "select n from {{ ref('a') }}",
    "models/c.sql":
      "{{ config(materialized='table') }}\nselect * from {{ ref('b') }}, {{ ref('stg_orders') }}",
    ...extra,
  });
}

async function compile(dir: string): Promise<string> {
  const result = await runCli(["compile", "--project-dir", dir]);
  expect(result.err).not.toContain("error");
  expect(result.code).toBe(0);
  return result.err;
}

/** Reads every file under target/compiled, and the manifest without its date. */
async function outputs(dir: string): Promise<Record<string, string>> {
  const target = path.join(dir, "target");
  const files: Record<string, string> = {};
  const compiled = path.join(target, "compiled");
  for (const entry of await readdir(compiled, { recursive: true })) {
    const file = path.join(compiled, entry);
    if (file.endsWith(".sql")) files[entry] = await readFile(file, "utf8");
  }
  const manifest = JSON.parse(
    await readFile(path.join(target, "manifest.json"), "utf8"),
  ) as { metadata: Record<string, unknown> };
  delete manifest.metadata.generated_at;
  files["manifest.json"] = JSON.stringify(manifest);
  return files;
}

/** Compiles the project from an empty target/ and reads the outputs. */
async function fullCompileOutputs(
  dir: string,
): Promise<Record<string, string>> {
  await rm(path.join(dir, "target"), { recursive: true });
  expect(await compile(dir)).toBe(full);
  return outputs(dir);
}

const compiledFile = (dir: string, country: string, model: string) =>
  readFile(
    path.join(dir, "target/compiled", country, "models", `${model}.sql`),
    "utf8",
  );

describe("compile after model files changed", () => {
  afterEach(() => {
    delete process.env.STRATA_PATCH_TEST;
  });

  it("patches one changed model", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, {
      "models/a.sql":
        "-- the factor\nselect {{ country.params.factor }} * {{ var('base', 10) }} + 1 as n",
    });

    expect(await compile(dir)).toBe(patched(1));
    expect(await compiledFile(dir, "de", "a")).toBe(
      "-- the factor\nselect 3 * 10 + 1 as n\n",
    );
    const afterPatch = await outputs(dir);
    expect(afterPatch).toEqual(await fullCompileOutputs(dir));
  });

  it("patches two models like a full compile", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, {
      "models/b.sql": 'select n, \'say "hi"\' as t from {{ ref("a") }}',
      "models/c.sql":
        "{{ config(materialized='table') }}\nselect * from {{ ref('b') }}, {{ ref('stg_orders') }} where true",
    });

    expect(await compile(dir)).toBe(patched(2));
    const afterPatch = await outputs(dir);
    expect(afterPatch).toEqual(await fullCompileOutputs(dir));
  });

  it("is unchanged after a patch", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, { "models/a.sql": "select 5 as n" });
    await compile(dir);

    expect(await compile(dir)).toBe(`${full} (nothing changed)`);
  });

  it("compiles fully on a new ref", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, {
      "models/b.sql": "select n from {{ ref('a') }}, {{ ref('stg_orders') }}",
    });

    expect(await compile(dir)).toBe(full);
    const manifest = JSON.parse(
      await readFile(path.join(dir, "target/manifest.json"), "utf8"),
    ) as { nodes: Record<string, { depends_on: string[] }> };
    expect(manifest.nodes["model.b"]!.depends_on).toEqual([
      "model.a",
      "model.stg_orders",
    ]);
  });

  it("compiles fully on a new config", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, {
      "models/b.sql":
        "{{ config(materialized='table') }}\nselect n from {{ ref('a') }}",
    });

    expect(await compile(dir)).toBe(full);
  });

  it("compiles fully on an ephemeral change", async () => {
    const dir = await newProject({
      "models/a.sql": "{{ config(materialized='ephemeral') }}\nselect 1 as n",
    });
    await compile(dir);
    await writeFiles(dir, {
      "models/a.sql": "{{ config(materialized='ephemeral') }}\nselect 2 as n",
    });

    expect(await compile(dir)).toBe(full);
    expect(await compiledFile(dir, "fr", "b")).toContain("select 2 as n");
  });

  it("compiles fully for unit-tested models", async () => {
    const dir = await newProject({
      "models/unit.yml": [
        "unit_tests:",
        "  - name: doubles",
        "    model: b",
        "    given:",
        "      - input: ref('a')",
        "        rows: [{ n: 1 }]",
        "    expect:",
        "      rows: [{ n: 1 }]",
        "",
      ].join("\n"),
    });
    await compile(dir);
    await writeFiles(dir, { "models/b.sql": "select n from {{ ref('a') }} " });

    expect(await compile(dir)).toBe(full);
  });

  it("compiles fully on an added file", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, { "models/d.sql": "select 1 as n" });

    expect(await compile(dir)).toBe("compiled 10 models for fr, de");
  });

  it("reports a broken changed model", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, { "models/b.sql": "select {{ n from" });

    const failed = await runCli(["compile", "--project-dir", dir]);
    expect(failed.code).toBe(2);
    expect(failed.err).toContain("models/b.sql");
  });

  it("prints a changed model's log", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, {
      "models/b.sql":
        "{{ log('rendering b', info=True) }}select n from {{ ref('a') }}",
    });

    const result = await runCli(["compile", "--project-dir", dir]);
    expect(result.err).toContain("rendering b");
    expect(result.err).toContain(full);
  });

  it("stamps env vars the patch reads", async () => {
    const dir = await newProject();
    await compile(dir);
    await writeFiles(dir, {
      "models/a.sql": "select '{{ env_var('STRATA_PATCH_TEST', 'x') }}' as n",
    });
    expect(await compile(dir)).toBe(patched(1));

    process.env.STRATA_PATCH_TEST = "y";
    expect(await compile(dir)).toBe(full);
    expect(await compiledFile(dir, "fr", "a")).toBe("select 'y' as n\n");
  });

  it("compiles fully on foreign patch state", async () => {
    const dir = await newProject();
    await compile(dir);
    const state = path.join(dir, "target/compile-patch.bin");
    await copyFile(state, `${state}.old`);
    await writeFiles(dir, { "models/d.sql": "select 1 as n" });
    await compile(dir);
    await copyFile(`${state}.old`, state);
    await writeFiles(dir, { "models/a.sql": "select 7 as n" });

    expect(await compile(dir)).toBe("compiled 10 models for fr, de");
  });
});

describe("compile after files changed in other ways", () => {
  it("compiles fully after a file became a link", async () => {
    const dir = await newProject();
    await compile(dir);
    const target = path.join(dir, "elsewhere.sql");
    await copyFile(path.join(dir, "models/b.sql"), target);
    await rm(path.join(dir, "models/b.sql"));
    await symlink(target, path.join(dir, "models/b.sql"));

    // The loader reads regular files only, so b no longer exists.
    const result = await runCli(["compile", "--project-dir", dir]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("ref('b')");
  });

  it("compiles fully for snapshot files", async () => {
    const dir = await newProject({
      "snapshots/s.sql": '{{ config(materialized="view") }}select 1 as id',
    });
    await compile(dir);
    await writeFiles(dir, {
      "snapshots/s.sql": '{{ config(materialized="view") }}select 2 as id',
    });

    expect(await compile(dir)).not.toContain("changed");
  });

  it("compiles fully after a render changed a var", async () => {
    const dir = await newProject({
      "strata.yml": "models:\n  materialized: view\nvars:\n  cfg: { m: 10 }\n",
      "models/d.sql": "select {{ var('cfg').m }} as m",
      "models/z.sql": "{% do var('cfg').update({'m': 99}) %}select 1 as n",
    });
    await compile(dir);
    await writeFiles(dir, {
      "models/d.sql": "select {{ var('cfg').m }} as m, 1 as k",
    });

    expect(await compile(dir)).not.toContain("changed");
    expect(await compiledFile(dir, "fr", "d")).toBe("select 10 as m, 1 as k\n");
  });

  it("compiles with a macro stored in a var", async () => {
    const dir = await newProject({
      "strata.yml": "models:\n  materialized: view\nvars:\n  cfg: {}\n",
      "macros/twice.sql": "{% macro twice(x) %}{{ x * 2 }}{% endmacro %}",
      "models/z.sql": "{% do var('cfg').update({'f': twice}) %}select 1 as n",
    });
    await compile(dir);
    await writeFiles(dir, { "models/a.sql": "select 5 as n" });

    expect(await compile(dir)).not.toContain("changed");
  });

  it("compiles fully after the project moved", async () => {
    const dir = await newProject();
    await compile(dir);
    const moved = `${dir}-moved`;
    await rename(dir, moved);
    await writeFiles(moved, { "models/a.sql": "select 5 as n" });

    expect(await compile(moved)).not.toContain("changed");
    expect(await compiledFile(moved, "fr", "staging/stg_orders")).toContain(
      moved,
    );
  });
});

describe("patchManifest", () => {
  const manifest = (nodes: object) =>
    Buffer.from(
      JSON.stringify({
        metadata: { strata_version: "1", generated_at: "then", project: "p" },
        nodes,
      }),
    );
  const node = (name: string, rawSql: string, extra: object = {}) => ({
    kind: "model",
    name,
    path: `models/${name}.sql`,
    depends_on: [],
    ...extra,
    raw_sql: rawSql,
    checksum: "old",
  });
  const edit = (name: string, rawSql: string) =>
    new Map([
      [
        `model.${name}`,
        { name, path: `models/${name}.sql`, raw_sql: rawSql, checksum: "new" },
      ],
    ]);

  it("replaces only the node's fields", () => {
    const nodes = {
      "model.a": node("a", 'select \'"model.b":{\' as t, "{ [" as u'),
      "model.b": node("b", "select 1"),
    };
    const text = patchManifest(manifest(nodes), edit("b", 'select "}"'));

    const parsed = JSON.parse(text!.toString()) as {
      metadata: { generated_at: string };
      nodes: typeof nodes;
    };
    expect(parsed.nodes["model.a"]).toEqual(nodes["model.a"]);
    expect(parsed.nodes["model.b"]).toEqual({
      ...nodes["model.b"],
      raw_sql: 'select "}"',
      checksum: "new",
    });
    expect(parsed.metadata.generated_at).not.toBe("then");
  });

  it("rejects a missing node", () => {
    expect(patchManifest(manifest({}), edit("z", ""))).toBeUndefined();
  });

  it("rejects a node key found twice", () => {
    // A config key of an earlier node that repeats the entry of model.b.
    const nodes = {
      "model.a": node("a", "select 1", {
        config: { meta: { "model.b": node("b", "") } },
      }),
      "model.b": node("b", "select 1"),
    };
    expect(patchManifest(manifest(nodes), edit("b", "x"))).toBeUndefined();
  });
});
