import { existsSync } from "node:fs";
import {
  mkdtemp,
  readFile,
  rm,
  stat,
  utimes,
  writeFile,
} from "node:fs/promises";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  WrittenFiles,
  writtenFilesIndex,
} from "../../src/run/write-if-changed.ts";

const file = "target/compiled/none/models/a.sql";
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "strata-written-"));
});

/** Writes `text` through a record read from disk, as one compile does. */
function writeOnce(text: string): boolean {
  const written = WrittenFiles.read(dir);
  const wrote = written.write(file, text);
  written.save();
  return wrote;
}

const modified = async (): Promise<number> =>
  (await stat(path.join(dir, file))).mtimeMs;

describe("WrittenFiles", () => {
  it("creates a missing file and its folder", async () => {
    expect(writeOnce("select 1\n")).toBe(true);
    expect(await readFile(path.join(dir, file), "utf8")).toBe("select 1\n");
  });

  it("leaves a recorded file alone", async () => {
    writeOnce("select 1\n");
    const before = await modified();

    expect(writeOnce("select 1\n")).toBe(false);
    expect(await modified()).toBe(before);
  });

  it("trusts a matching stamp without reading", async () => {
    // A whole second, which utimes sets exactly, recorded by a compile.
    const second = 1_800_000_000;
    writeOnce("select 1\n");
    await utimes(path.join(dir, file), second, second);
    writeOnce("select 1\n");
    // Same size, same modification time, other text: only a read finds it.
    await writeFile(path.join(dir, file), "select 2\n");
    await utimes(path.join(dir, file), second, second);

    expect(writeOnce("select 1\n")).toBe(false);
    expect(await readFile(path.join(dir, file), "utf8")).toBe("select 2\n");
  });

  it("restores a file edited since", async () => {
    writeOnce("select 1\n");
    await writeFile(path.join(dir, file), "select 10\n");

    expect(writeOnce("select 1\n")).toBe(true);
    expect(await readFile(path.join(dir, file), "utf8")).toBe("select 1\n");
  });

  it("writes new text", async () => {
    writeOnce("select 1\n");

    expect(writeOnce("select 3\n")).toBe(true);
    expect(await readFile(path.join(dir, file), "utf8")).toBe("select 3\n");
  });

  it("compares the text without a record", async () => {
    writeOnce("select 1\n");
    await rm(path.join(dir, writtenFilesIndex));
    const before = await modified();

    expect(writeOnce("select 1\n")).toBe(false);
    expect(await modified()).toBe(before);
  });

  it("ignores an unreadable record", async () => {
    writeOnce("select 1\n");
    await writeFile(path.join(dir, writtenFilesIndex), "{not json");

    expect(writeOnce("select 4\n")).toBe(true);
    expect(await readFile(path.join(dir, file), "utf8")).toBe("select 4\n");
  });

  it("prunes files no longer written", async () => {
    const other = "target/compiled/none/models/b.sql";
    const elsewhere = "target/compiled/fr/models/b.sql";
    const first = WrittenFiles.read(dir);
    for (const name of [file, other, elsewhere])
      first.write(name, "select 1\n");
    first.save();

    const second = WrittenFiles.read(dir);
    second.write(file, "select 1\n");
    second.prune(["target/compiled/none/"], new Set([file]));
    second.save();

    const record = JSON.parse(
      await readFile(path.join(dir, writtenFilesIndex), "utf8"),
    ) as { files: Record<string, unknown> };
    expect(Object.keys(record.files).sort()).toEqual([elsewhere, file]);
  });

  it("prune deletes unchanged stale files", async () => {
    const stale = "target/compiled/none/models/old/b.sql";
    const first = WrittenFiles.read(dir);
    first.write(file, "select 1\n");
    first.write(stale, "select 2\n");
    first.save();

    const second = WrittenFiles.read(dir);
    second.write(file, "select 1\n");
    const deleted = second.prune(["target/compiled/none/"], new Set([file]));

    expect(deleted).toEqual([stale]);
    expect(existsSync(path.join(dir, stale))).toBe(false);
    // old/ contained only the stale file, and models/ still contains a.sql.
    expect(existsSync(path.join(dir, "target/compiled/none/models/old"))).toBe(
      false,
    );
    expect(existsSync(path.join(dir, file))).toBe(true);
  });

  it("prune keeps a stale file edited since", async () => {
    const stale = "target/compiled/none/models/b.sql";
    const first = WrittenFiles.read(dir);
    first.write(stale, "select 2\n");
    first.save();
    await writeFile(path.join(dir, stale), "select 20\n");

    const second = WrittenFiles.read(dir);
    const deleted = second.prune(["target/compiled/none/"], new Set());
    second.save();

    expect(deleted).toEqual([]);
    expect(await readFile(path.join(dir, stale), "utf8")).toBe("select 20\n");
    // The entry is dropped, so no later prune deletes the edited file.
    const record = JSON.parse(
      await readFile(path.join(dir, writtenFilesIndex), "utf8"),
    ) as { files: Record<string, unknown> };
    expect(record.files).toEqual({});
  });

  it("prune keeps files produced but not written", async () => {
    const first = WrittenFiles.read(dir);
    first.write(file, "select 1\n");
    first.save();

    const second = WrittenFiles.read(dir);
    const deleted = second.prune(["target/compiled/none/"], new Set([file]));

    expect(deleted).toEqual([]);
    expect(await readFile(path.join(dir, file), "utf8")).toBe("select 1\n");
  });

  it("prune keeps a folder holding a user's file", async () => {
    const stale = "target/compiled/none/models/old/b.sql";
    const mine = path.join(dir, "target/compiled/none/models/old/notes.txt");
    const first = WrittenFiles.read(dir);
    first.write(stale, "select 2\n");
    first.save();
    await writeFile(mine, "mine\n");

    const deleted = WrittenFiles.read(dir).prune(
      ["target/compiled/none/"],
      new Set(),
    );

    expect(deleted).toEqual([stale]);
    expect(await readFile(mine, "utf8")).toBe("mine\n");
  });

  it("prune stops at the pruned folder", async () => {
    const stale = "target/compiled/fr/models/b.sql";
    const first = WrittenFiles.read(dir);
    first.write(stale, "select 2\n");
    first.save();

    WrittenFiles.read(dir).prune(["target/compiled/fr/"], new Set());

    expect(existsSync(path.join(dir, "target/compiled/fr/models"))).toBe(false);
    expect(existsSync(path.join(dir, "target/compiled/fr"))).toBe(true);
  });

  it("writeFew updates one entry as text", async () => {
    const other = "target/compiled/none/models/b.sql";
    const first = WrittenFiles.read(dir);
    first.write(file, "select 1\n");
    first.write(other, "select 2\n");
    first.save();
    const record = () =>
      readFile(path.join(dir, writtenFilesIndex), "utf8").then(
        (text) => JSON.parse(text) as { files: Record<string, unknown[]> },
      );
    const before = await record();

    WrittenFiles.writeFew(dir, [{ file, text: "select 10\n" }]);

    expect(await readFile(path.join(dir, file), "utf8")).toBe("select 10\n");
    const after = await record();
    expect(after.files[other]).toEqual(before.files[other]);
    expect(after.files[file]).toEqual([
      10,
      await modified(),
      createHash("sha1").update("select 10\n").digest("base64"),
    ]);
    // The next write trusts the updated entry.
    expect(writeOnce("select 10\n")).toBe(false);
  });

  it("writeFew records a file missing from the record", async () => {
    WrittenFiles.writeFew(dir, [{ file, text: "select 1\n" }]);

    expect(await readFile(path.join(dir, file), "utf8")).toBe("select 1\n");
    const before = await modified();
    expect(writeOnce("select 1\n")).toBe(false);
    expect(await modified()).toBe(before);
  });
});
