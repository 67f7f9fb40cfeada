import { existsSync } from "node:fs";
import {
  mkdtemp,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  runCli,
  twoCountries,
  writeFiles,
  writeProject,
} from "../helpers/project.ts";

const files = {
  "models/a.sql": "select 1 as id",
  "models/marts/b.sql": "select id from {{ ref('a') }}",
  "models/a.yml":
    "models:\n  - name: a\n    columns:\n      - name: id\n        tests: [not_null]\n",
};

async function runStrata(dir: string, ...args: string[]): Promise<void> {
  const [command, ...rest] = args;
  const result = await runCli([command!, "--project-dir", dir, ...rest]);
  expect(result.err).not.toContain("error");
  expect(result.code).toBe(0);
}

/** Renames models/marts/b.sql to models/c.sql. */
async function renameModelB(dir: string): Promise<void> {
  await rm(path.join(dir, "models/marts/b.sql"));
  await writeFiles(dir, { "models/c.sql": "select id from {{ ref('a') }}" });
}

const compiledExists = (dir: string, file: string): boolean =>
  existsSync(path.join(dir, "target/compiled", file));

describe("stale compiled files", () => {
  it("compile deletes a renamed model's file", async () => {
    const dir = await writeProject(files);
    await runStrata(dir, "compile");
    expect(compiledExists(dir, "none/models/marts/b.sql")).toBe(true);

    await renameModelB(dir);
    await runStrata(dir, "compile");

    expect(compiledExists(dir, "none/models/marts/b.sql")).toBe(false);
    // marts/ contained only b.sql.
    expect(compiledExists(dir, "none/models/marts")).toBe(false);
    expect(compiledExists(dir, "none/models/c.sql")).toBe(true);
    expect(compiledExists(dir, "none/models/a.sql")).toBe(true);
  });

  it("compile deletes disabled models and removed tests", async () => {
    const dir = await writeProject(files);
    await runStrata(dir, "compile");
    expect(compiledExists(dir, "none/tests/not_null_a_id.sql")).toBe(true);

    await writeFiles(dir, {
      "models/a.yml": "models:\n  - name: a\n",
      "models/marts/b.sql":
        "{{ config(enabled=false) }}select id from {{ ref('a') }}",
    });
    await runStrata(dir, "compile");

    expect(compiledExists(dir, "none/tests/not_null_a_id.sql")).toBe(false);
    expect(compiledExists(dir, "none/models/marts/b.sql")).toBe(false);
    expect(compiledExists(dir, "none/models/a.sql")).toBe(true);
  });

  it("build deletes a renamed model's file", async () => {
    // Reading `execute` renders b again while it builds, and that second
    // write must reach the record too.
    const dir = await writeProject({
      ...files,
      "models/marts/b.sql":
        "select id, {{ execute }} as executed from {{ ref('a') }}",
    });
    await runStrata(dir, "build");
    const executed = await readFile(
      path.join(dir, "target/compiled/none/models/marts/b.sql"),
      "utf8",
    );
    expect(executed).toContain("True as executed");

    await renameModelB(dir);
    await runStrata(dir, "build");

    expect(compiledExists(dir, "none/models/marts/b.sql")).toBe(false);
    expect(compiledExists(dir, "none/models/c.sql")).toBe(true);
  });

  it("keeps stale files a user edited or created", async () => {
    const dir = await writeProject(files);
    await runStrata(dir, "compile");
    const edited = path.join(dir, "target/compiled/none/models/marts/b.sql");
    await writeFile(edited, "select 'edited' as id\n");
    const created = path.join(dir, "target/compiled/none/models/mine.sql");
    await writeFile(created, "select 'mine' as id\n");

    await renameModelB(dir);
    await runStrata(dir, "compile");

    expect(await readFile(edited, "utf8")).toBe("select 'edited' as id\n");
    expect(await readFile(created, "utf8")).toBe("select 'mine' as id\n");
    expect(compiledExists(dir, "none/models/c.sql")).toBe(true);
  });

  it("selected compile keeps stale files", async () => {
    const dir = await writeProject(files);
    await runStrata(dir, "compile");
    await renameModelB(dir);

    await runStrata(dir, "compile", "--select", "a");

    expect(compiledExists(dir, "none/models/marts/b.sql")).toBe(true);
    expect(compiledExists(dir, "none/models/a.sql")).toBe(true);
    expect(compiledExists(dir, "none/models/c.sql")).toBe(true);
    await runStrata(dir, "compile", "--exclude", "c");
    expect(compiledExists(dir, "none/models/marts/b.sql")).toBe(true);

    // The record kept b.sql, so the next full compile deletes it.
    await runStrata(dir, "compile");
    expect(compiledExists(dir, "none/models/marts/b.sql")).toBe(false);
  });

  it("--country keeps other countries' files", async () => {
    const dir = await writeProject({
      ...files,
      "countries.yml": twoCountries,
    });
    await runStrata(dir, "compile");
    await renameModelB(dir);

    await runStrata(dir, "compile", "--country", "fr");

    expect(compiledExists(dir, "fr/models/marts/b.sql")).toBe(false);
    expect(compiledExists(dir, "fr/models/c.sql")).toBe(true);
    expect(compiledExists(dir, "de/models/marts/b.sql")).toBe(true);
    expect(compiledExists(dir, "de/models/a.sql")).toBe(true);

    await runStrata(dir, "compile");
    expect(compiledExists(dir, "de/models/marts/b.sql")).toBe(false);
    expect(compiledExists(dir, "de/models/c.sql")).toBe(true);
  });

  it("keeps files in a linked folder", async () => {
    const dir = await writeProject(files);
    await runStrata(dir, "compile");
    // The user moves marts/ out of target/ and links it back.
    const movedMarts = path.join(
      await mkdtemp(path.join(tmpdir(), "moved-")),
      "m",
    );
    const marts = path.join(dir, "target/compiled/none/models/marts");
    await rename(marts, movedMarts);
    await symlink(movedMarts, marts);

    await renameModelB(dir);
    await runStrata(dir, "compile");

    expect(existsSync(path.join(movedMarts, "b.sql"))).toBe(true);
    expect(compiledExists(dir, "none/models/c.sql")).toBe(true);
  });

  it("keeps files under a folder replaced by a file", async () => {
    const dir = await writeProject(files);
    await runStrata(dir, "compile");
    const marts = path.join(dir, "target/compiled/none/models/marts");
    await rm(marts, { recursive: true });
    await writeFile(marts, "not a folder\n");

    await renameModelB(dir);
    await runStrata(dir, "compile");

    expect(await readFile(marts, "utf8")).toBe("not a folder\n");
  });

  it("ignores record entries that leave the folder", async () => {
    const dir = await writeProject(files);
    await runStrata(dir, "compile");
    const notes = path.join(dir, "notes.txt");
    await writeFile(notes, "mine\n");
    const { size, mtimeMs } = await stat(notes);
    const recordPath = path.join(dir, "target/written-files.json");
    const record = JSON.parse(await readFile(recordPath, "utf8")) as {
      files: Record<string, unknown>;
    };
    record.files["target/compiled/none/../../../notes.txt"] = [
      size,
      mtimeMs,
      "hash",
    ];
    await writeFile(recordPath, JSON.stringify(record));

    await runStrata(dir, "compile");

    expect(await readFile(notes, "utf8")).toBe("mine\n");
  });

  it("deletes the files of a removed country", async () => {
    const dir = await writeProject({
      ...files,
      "countries.yml": twoCountries,
    });
    await runStrata(dir, "compile");

    await writeFiles(dir, {
      "countries.yml": twoCountries.replace(/ {2}de:[^]*$/, ""),
    });
    await runStrata(dir, "compile");

    expect(compiledExists(dir, "de")).toBe(false);
    expect(compiledExists(dir, "fr/models/a.sql")).toBe(true);
  });
});
