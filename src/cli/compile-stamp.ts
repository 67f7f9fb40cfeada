import { Command } from "commander";
import { createHash } from "node:crypto";
import {
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  type Dirent,
} from "node:fs";
import path from "node:path";
import { strataLayout } from "../project/layout.ts";
import { strataVersion } from "../run/version.ts";
import { addCommonOptions, type CommonOptions } from "./common-options.ts";

/**
 * The record in target/compile-stamp.json of what the last compile's output
 * depends on: the stamps (size, modification time) of the project files it
 * read and the files it wrote, its options, and the values of the
 * environment variables its templates read.
 */
interface CompileStamp {
  readonly version: number;
  readonly key: string;
  readonly inputs: readonly Stamp[];
  readonly outputs: readonly Stamp[];
  readonly env: Readonly<Record<string, string | null>>;
  /** The command's closing line, printed again when nothing changed. */
  readonly summary: string;
  /** The id of the target/compile-patch.bin saved with this stamp. */
  readonly patch?: string;
}

/** A project-relative path with its size and modification time. */
type Stamp = readonly [file: string, size: number, mtimeMs: number];

/**
 * Bumped when a compile of the same inputs gives other output, so that a
 * stamp of an earlier strata compiles again.
 */
const formatVersion = 3;
const stampFile = path.join("target", "compile-stamp.json");
const compiledFolder = "target/compiled";
/** The CSV files unit tests name with `fixture:`. */
const unitTestFixtures = "tests/fixtures";

/**
 * Creates the `compile` command with its options but no action. The
 * command itself and the quick check of an unchanged compile both parse
 * with it, so they read the same options from the same arguments.
 */
export function compileOptions(): Command {
  return addCommonOptions(
    new Command("compile").description(
      "Render the models and tests to SQL under target/compiled/<country>/ and write target/manifest.json, without running anything.",
    ),
  );
}

/**
 * Checks `strata compile ARGS` against target/compile-stamp.json, without
 * loading the compiler: returns the line to print when nothing the last
 * compile depended on changed. Returns undefined when the command must run,
 * and for arguments it cannot parse or files it cannot read, so that the
 * command reports them.
 */
export function unchangedCompile(args: readonly string[]): string | undefined {
  // Stamps left by an earlier call in this process describe other arguments.
  checkedBefore = undefined;
  const command = compileOptions()
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .action(() => {});
  let checked: ReturnType<typeof checkCompileStamp>;
  try {
    command.parse([...args], { from: "user" });
    checked = checkCompileStamp(command.opts<CommonOptions>());
  } catch {
    return undefined;
  }
  const { summary, pending } = checked;
  // The command that runs next in this process takes these stamps rather
  // than stat every project file again.
  checkedBefore = pending;
  return summary === undefined ? undefined : unchangedLine(summary);
}

/** The stamps unchangedCompile took, until the compile command takes them. */
let checkedBefore: PendingStamp | undefined;

/** Formats the line compile prints when its last output is still current. */
export function unchangedLine(summary: string): string {
  return `${summary} (nothing changed)`;
}

/**
 * A compile that may be stamped once it succeeds: the project folder, the
 * hash of its options and the stamps of its input files.
 */
export interface PendingStamp {
  readonly root: string;
  readonly key: string;
  readonly inputs: readonly Stamp[];
  /** Set when only some project files changed since the saved stamp. */
  readonly changes?: Changes;
}

/**
 * The project files whose stamps changed while every other file, the
 * options, the environment and the outputs stayed as the saved stamp
 * records them.
 */
export interface Changes {
  readonly files: readonly string[];
  readonly saved: CompileStamp;
  /** The id of the patch state saved with the stamp. */
  readonly patch: string;
}

/**
 * Stamps the project's files (one stat each) and compares them, the
 * outputs, options and environment variables with the last compile's.
 * Returns that compile's summary line when nothing changed. Otherwise it
 * returns the stamp to save if this compile succeeds, unless the compile
 * cannot be stamped. The input stamps are taken before the compile starts,
 * so an edit made while it runs leaves the saved stamp stale.
 */
export function checkCompileStamp(options: CommonOptions): {
  summary?: string;
  pending?: PendingStamp;
} {
  const key = stampKey(options);
  if (key === undefined) return {};
  const root = path.resolve(options.projectDir);
  const before = checkedBefore;
  checkedBefore = undefined;
  if (before?.root === root && before.key === key) return { pending: before };
  const inputs = inputStamps(root);
  if (inputs === undefined) return {};
  const pending = { root, key, inputs };
  let saved: CompileStamp;
  try {
    saved = JSON.parse(
      readFileSync(path.join(root, stampFile), "utf8"),
    ) as CompileStamp;
  } catch {
    return { pending };
  }
  const sameRest =
    saved.version === formatVersion &&
    saved.key === key &&
    Object.entries(saved.env).every(
      ([name, value]) => (process.env[name] ?? null) === value,
    ) &&
    sameStamps(saved.outputs, stampFiles(root, saved.outputs));
  if (!sameRest) return { pending };
  const files = changedFiles(saved.inputs, inputs);
  if (files?.length === 0) return { summary: saved.summary };
  if (files === undefined || saved.patch === undefined) return { pending };
  return {
    pending: { ...pending, changes: { files, saved, patch: saved.patch } },
  };
}

/**
 * Returns the stamps unchangedCompile took when they show that some files
 * changed and nothing else did, for a compile that patches its last output.
 */
export function checkedChanges(): PendingStamp | undefined {
  return checkedBefore?.changes ? checkedBefore : undefined;
}

/**
 * Saves the stamp of a compile that succeeded and wrote `outputs`
 * (project-relative files), with the environment variables its templates
 * read. The caller stamps no compile that logged or warned, so those
 * messages show again next time.
 */
export function saveCompileStamp(
  pending: PendingStamp,
  outputs: readonly string[],
  envNames: ReadonlySet<string>,
  summary: string,
  patch?: string,
): void {
  const stamp: CompileStamp = {
    version: formatVersion,
    key: pending.key,
    inputs: pending.inputs,
    outputs: stampFiles(pending.root, outputEntries(outputs)),
    env: envValues(envNames),
    summary,
    patch,
  };
  writeFileSync(path.join(pending.root, stampFile), JSON.stringify(stamp));
}

/**
 * Saves the stamp of a compile that patched the saved one: the same
 * outputs stamped again, and the environment variables of both.
 */
export function savePatchedStamp(
  pending: PendingStamp,
  envNames: ReadonlySet<string>,
): void {
  // These stamps are saved now: a later compile in this process takes its own.
  if (checkedBefore === pending) checkedBefore = undefined;
  const saved = pending.changes?.saved;
  if (saved === undefined) return;
  const stamp: CompileStamp = {
    ...saved,
    inputs: pending.inputs,
    outputs: stampFiles(pending.root, saved.outputs),
    env: envValues(new Set([...Object.keys(saved.env), ...envNames])),
  };
  writeFileSync(path.join(pending.root, stampFile), JSON.stringify(stamp));
}

function envValues(names: ReadonlySet<string>): Record<string, string | null> {
  return Object.fromEntries(
    [...names].map((name) => [name, process.env[name] ?? null]),
  );
}

/**
 * Empties the saved stamp before a compile writes, so that the stamp never
 * describes outputs that a compile stopped halfway through rewriting.
 */
export function dropCompileStamp(pending: PendingStamp): void {
  try {
    writeFileSync(path.join(pending.root, stampFile), "{}");
  } catch {
    // No target/ folder yet: there is no stamp to drop.
  }
}

/**
 * Hashes the options a compile's output depends on. Returns undefined when
 * the output also depends on other files, as with `--state`, `--defer`, a
 * selector from selectors.yml or a `result:` method.
 */
function stampKey(options: CommonOptions): string | undefined {
  const selectors = [...(options.select ?? []), ...(options.exclude ?? [])];
  if (
    options.state !== undefined ||
    options.defer === true ||
    options.selector !== undefined ||
    selectors.some((text) => /\b(state|result):/.test(text))
  ) {
    return undefined;
  }
  return createHash("sha256")
    .update(
      JSON.stringify([
        strataVersion,
        options.country ?? null,
        options.select ?? [],
        options.exclude ?? [],
        options.vars ?? {},
        options.target ?? null,
        // Templates can read it as target.threads.
        options.threads ?? null,
        // Source relations are absolute paths under the project folder.
        path.resolve(options.projectDir),
        // A quiet compile hides the template logs that keep a compile from
        // being stamped, so the next compile without -q must show them.
        options.quiet === true,
      ]),
    )
    .digest("hex");
}

/**
 * Stamps every file directly in the project folder and every file under
 * the folders a strata project reads. A dbt project (dbt_project.yml) can
 * read other folders and a profiles.yml elsewhere, so it is never stamped.
 */
function inputStamps(root: string): readonly Stamp[] | undefined {
  const files: string[] = [];
  let top;
  try {
    top = readdirSync(root, { withFileTypes: true });
  } catch {
    // A missing folder: the compile itself reports it.
    return undefined;
  }
  for (const entry of top) {
    if (entry.name === "dbt_project.yml") return undefined;
    if (isFileOrLink(entry)) files.push(entry.name);
  }
  const folders = [
    ...strataLayout.models,
    ...strataLayout.snapshots,
    ...strataLayout.macros,
    ...strataLayout.seeds,
    ...strataLayout.tests,
    unitTestFixtures,
  ];
  for (const folder of folders) {
    let entries;
    try {
      entries = readdirSync(path.join(root, folder), {
        recursive: true,
        withFileTypes: true,
      });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!isFileOrLink(entry)) continue;
      const folderPath = entry.parentPath.slice(root.length + 1);
      files.push(`${folderPath}/${entry.name}`);
    }
  }
  files.sort();
  return stampFiles(
    root,
    files.map((file) => [file, 0, 0]),
  );
}

/**
 * Tells whether to stamp a folder entry. A symbolic link is stamped with
 * what it points to, because the loader reads through it.
 */
function isFileOrLink(entry: Dirent): boolean {
  return entry.isFile() || entry.isSymbolicLink();
}

/** Stats each file. A missing file gets size -1. */
function stampFiles(root: string, files: readonly Stamp[]): Stamp[] {
  // String concatenation rather than path.join, because this runs once per
  // project file and path.join stood out in the profile of this check.
  return files.map(([file]) => {
    const stats = statSync(`${root}/${file}`, { throwIfNoEntry: false });
    return stats ? [file, stats.size, stats.mtimeMs] : [file, -1, 0];
  });
}

/**
 * Lists the outputs to stamp: the manifest and the folders of the compiled
 * files, because a folder's modification time changes when a file in it is
 * added or deleted. A compiled file edited by hand in place is not noticed.
 */
function outputEntries(written: readonly string[]): Stamp[] {
  const entries = new Set<string>();
  for (const file of written) {
    if (!file.startsWith(compiledFolder)) {
      entries.add(file);
      continue;
    }
    for (
      let folder = path.posix.dirname(file);
      folder.length >= compiledFolder.length && !entries.has(folder);
      folder = path.posix.dirname(folder)
    ) {
      entries.add(folder);
    }
  }
  return [...entries].sort().map((entry) => [entry, 0, 0]);
}

/**
 * Lists the files whose stamps differ between two lists of the same files.
 * Returns undefined when a file was added or removed.
 */
function changedFiles(
  saved: readonly Stamp[],
  current: readonly Stamp[],
): string[] | undefined {
  if (saved.length !== current.length) return undefined;
  const files: string[] = [];
  for (const [i, stamp] of saved.entries()) {
    const now = current[i]!;
    if (stamp[0] !== now[0]) return undefined;
    if (stamp[1] !== now[1] || stamp[2] !== now[2]) files.push(now[0]);
  }
  return files;
}

function sameStamps(
  saved: readonly Stamp[],
  current: readonly Stamp[] | undefined,
): boolean {
  if (current === undefined || saved.length !== current.length) return false;
  return saved.every((stamp, i) => {
    const now = current[i]!;
    return stamp[0] === now[0] && stamp[1] === now[1] && stamp[2] === now[2];
  });
}
