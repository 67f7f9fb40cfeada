import { createHash } from "node:crypto";
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import path from "node:path";

/**
 * Writes a file unless it already has exactly this text, creating its
 * folder when missing. Synchronous on purpose: a compile writes thousands
 * of small files, and awaiting each one through libuv's thread pool took
 * seconds for 10,000 models on a loaded 2-core machine (bench/run.ts),
 * where the synchronous calls take milliseconds. Returns whether it wrote.
 */
export function writeIfChanged(file: string, text: string): boolean {
  return writeWithStats(file, text).wrote;
}

/** A file's size and modification time after a write, and its text's hash. */
type WrittenStamp = readonly [size: number, mtimeMs: number, hash: string];

const indexVersion = 1;

/**
 * The record in target/written-files.json of the files under target/ that
 * strata wrote, so that the next compile can tell that a file still
 * contains the same text with one stat instead of reading it back. Reading back 12,000
 * compiled files took about 0.9 s of a 10,000-model compile after one
 * model changed. A file whose size or modification time no longer matches
 * is read and compared as before.
 */
export class WrittenFiles {
  private readonly stamps: Map<string, WrittenStamp>;
  /** Files written or found current since the record was read. */
  private readonly current = new Set<string>();
  private changed = false;

  private constructor(
    private readonly projectDir: string,
    stamps: Map<string, WrittenStamp>,
  ) {
    this.stamps = stamps;
  }

  /** Reads the record of `projectDir`, or starts an empty one. */
  static read(projectDir: string): WrittenFiles {
    let stamps = new Map<string, WrittenStamp>();
    try {
      const saved = JSON.parse(
        readFileSync(path.join(projectDir, writtenFilesIndex), "utf8"),
      ) as { version?: number; files?: Record<string, WrittenStamp> };
      if (saved.version === indexVersion && saved.files) {
        stamps = new Map(Object.entries(saved.files));
      }
    } catch {
      // No record yet, or an unreadable one: every file is read back.
    }
    return new WrittenFiles(projectDir, stamps);
  }

  /**
   * Writes a few files as write does, and updates their entries in the
   * saved record as text rather than parsing the whole record. A compile
   * that patches one model rewrites one file of thousands, and parsing and
   * saving the record of 12,000 files took about 30 ms. When the record
   * lacks an entry, the whole record is read and saved instead.
   */
  static writeFew(
    projectDir: string,
    files: readonly { file: string; text: string }[],
  ): void {
    const stamps = files.map(({ file, text }): [string, WrittenStamp] => {
      const hash = createHash("sha1").update(text).digest("base64");
      const { stats } = writeWithStats(`${projectDir}/${file}`, text);
      return [file, [stats.size, stats.mtimeMs, hash]];
    });
    const recordPath = path.join(projectDir, writtenFilesIndex);
    const record = replaceEntries(readOrEmpty(recordPath), stamps);
    if (record !== undefined) {
      writeFileSync(recordPath, record);
      return;
    }
    const written = WrittenFiles.read(projectDir);
    for (const [file, stamp] of stamps) written.stamps.set(file, stamp);
    written.changed = true;
    written.save();
  }

  /**
   * Writes `text` to `file` (project-relative) unless it already contains it,
   * as writeIfChanged does. Returns whether it wrote.
   */
  write(file: string, text: string): boolean {
    const absolute = `${this.projectDir}/${file}`;
    const hash = createHash("sha1").update(text).digest("base64");
    this.current.add(file);
    const saved = this.stamps.get(file);
    if (saved !== undefined && saved[2] === hash) {
      const stats = statSync(absolute, { throwIfNoEntry: false });
      if (stats?.size === saved[0] && stats.mtimeMs === saved[1]) return false;
    }
    // The stats come from the descriptor that read or wrote the text.
    // NOTE: compile takes no lock. A second compile writing the same file
    // between that read or write and the fstat would pair its stats with
    // this text's hash, and the file would keep the other text until
    // `strata clean`.
    // A file the record does not list was most likely never written.
    const { wrote, stats } = writeWithStats(
      absolute,
      text,
      saved === undefined,
    );
    this.stamps.set(file, [stats.size, stats.mtimeMs, hash]);
    this.changed = true;
    return wrote;
  }

  /**
   * Deletes the files under `folders` (project-relative, ending in `/`)
   * that the record lists and `produced` lacks, such as the compiled SQL
   * of a renamed, deleted or disabled model. A file is deleted only while
   * it is a regular file whose size and modification time match the
   * record, so a file edited or replaced since strata wrote it stays. A
   * file below a folder replaced by a link or a file stays too. The
   * folders that the deletions leave empty are removed, up to the folder
   * of `folders` that contains them.
   *
   * Then drops the entries under `folders` that this record has not
   * written or found current, so that the record does not keep growing.
   * Returns the deleted files.
   */
  prune(folders: readonly string[], produced: ReadonlySet<string>): string[] {
    const deleted: string[] = [];
    for (const [file, stamp] of this.stamps) {
      if (this.current.has(file)) continue;
      const folder = folders.find((prefix) => file.startsWith(prefix));
      if (folder === undefined) continue;
      if (
        !produced.has(file) &&
        this.inRealFolders(file, folder) &&
        this.deleteUnchanged(file, stamp)
      ) {
        deleted.push(file);
        this.removeEmptyFolders(path.posix.dirname(file), folder);
      }
      this.stamps.delete(file);
      this.changed = true;
    }
    return deleted;
  }

  /**
   * Checks that `file` lies under `folder` through folders that are neither
   * links nor replaced by files. A record entry with `..`, or a folder the
   * user replaced by a link, would otherwise lead outside `folder`.
   */
  private inRealFolders(file: string, folder: string): boolean {
    const relative = file.slice(folder.length).split("/");
    if (relative.includes("..") || relative.includes(".")) return false;

    let current = folder.slice(0, -1);
    for (const segment of relative.slice(0, -1)) {
      current = `${current}/${segment}`;
      const stats = lstatSync(`${this.projectDir}/${current}`, {
        throwIfNoEntry: false,
      });
      if (!stats?.isDirectory()) return false;
    }
    return true;
  }

  /** Deletes `file` if its size and modification time match `stamp`. */
  private deleteUnchanged(file: string, stamp: WrittenStamp): boolean {
    const absolute = `${this.projectDir}/${file}`;
    const stats = lstatSync(absolute, { throwIfNoEntry: false });
    if (!stats?.isFile()) return false;
    if (stats.size !== stamp[0] || stats.mtimeMs !== stamp[1]) return false;
    try {
      unlinkSync(absolute);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  /**
   * Removes `folder` and then its parents while they are empty, stopping
   * before `root` (ending in `/`). A folder that still contains anything,
   * such as a file the user added, stays, and so do its parents.
   */
  private removeEmptyFolders(folder: string, root: string): void {
    for (
      let current = folder;
      `${current}/`.startsWith(root) && `${current}/` !== root;
      current = path.posix.dirname(current)
    ) {
      try {
        rmdirSync(`${this.projectDir}/${current}`);
      } catch (error) {
        // POSIX lets rmdir report a folder that is not empty as ENOTEMPTY
        // or EEXIST. A missing folder has nothing left to remove.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOTEMPTY" || code === "EEXIST") return;
        if (code === "ENOENT") return;
        throw error;
      }
    }
  }

  /** Saves the record, when a write changed it. */
  save(): void {
    if (!this.changed) return;
    writeFileSync(
      path.join(this.projectDir, writtenFilesIndex),
      JSON.stringify({
        version: indexVersion,
        files: Object.fromEntries(this.stamps),
      }),
    );
    this.changed = false;
  }
}

/** Reads a text file, or returns "" when it cannot be read. */
function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/**
 * Replaces the entries of `stamps` in the text of a saved record. Returns
 * undefined when the text is not a record or lacks one of the entries.
 */
function replaceEntries(
  record: string,
  stamps: readonly (readonly [string, WrittenStamp])[],
): string | undefined {
  if (!record.startsWith(`{"version":${indexVersion},"files":{`)) {
    return undefined;
  }
  let text = record;
  for (const [file, stamp] of stamps) {
    // A key is a JSON string, and the only bracket in a value closes it.
    const key = `${JSON.stringify(file)}:[`;
    const start = text.indexOf(key);
    const end = start < 0 ? -1 : text.indexOf("]", start + key.length);
    if (end < 0) return undefined;
    const values = JSON.stringify(stamp).slice(1, -1);
    text = `${text.slice(0, start)}${key}${values}${text.slice(end)}`;
  }
  return text;
}

/** The path of the WrittenFiles record, relative to the project folder. */
export const writtenFilesIndex = path.join("target", "written-files.json");

/**
 * Writes a file unless it already contains exactly this text, creating its
 * folder when missing, and returns the file's stats after the read or the
 * write, taken from the same descriptor. With `likelyNew`, the file is
 * created first and read only if it exists, which saves the failed open of
 * a missing file: 12,000 of them in a cold compile of 10,000 models.
 */
function writeWithStats(
  file: string,
  text: string,
  likelyNew = false,
): { wrote: boolean; stats: Stats } {
  if (likelyNew) {
    const created = openNew(file);
    if (created !== undefined) return writeTo(created, text);
  }
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, "r");
    if (readFileSync(descriptor, "utf8") === text) {
      return { wrote: false, stats: fstatSync(descriptor) };
    }
  } catch {
    // A missing or unreadable file is written below.
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
  try {
    descriptor = openSync(file, "w");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(path.dirname(file), { recursive: true });
    descriptor = openSync(file, "w");
  }
  return writeTo(descriptor, text);
}

/**
 * Creates a file that does not exist yet, and its folder if needed.
 * Returns undefined when the file exists.
 */
function openNew(file: string): number | undefined {
  try {
    return openSync(file, "wx");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return undefined;
    if (code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    return openSync(file, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw error;
  }
}

/** Writes the text through an open descriptor, then stats and closes it. */
function writeTo(
  descriptor: number,
  text: string,
): { wrote: boolean; stats: Stats } {
  try {
    writeFileSync(descriptor, text);
    return { wrote: true, stats: fstatSync(descriptor) };
  } finally {
    closeSync(descriptor);
  }
}
