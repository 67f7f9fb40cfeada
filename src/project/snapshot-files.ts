import { readFileSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../errors/index.ts";
import type { ModelFile } from "./types.ts";

const blockPattern =
  /\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/g;

/** Config call that replaces a `{% snapshot %}` tag, so the model is a snapshot. */
const snapshotConfig = "{{ config(materialized='snapshot') }}";

/**
 * Reads the SQL files of the snapshot folders as models materialized
 * `snapshot`. A file contains dbt's `{% snapshot name %} ... {% endsnapshot %}`
 * blocks, each a model named by its block, or a plain query named after
 * the file. Text outside a block becomes blank lines, so error lines still
 * point into the file.
 */
export function readSnapshotFiles(
  root: string,
  files: readonly string[],
  folders: readonly string[],
  models: readonly ModelFile[],
  diagnostics: Diagnostic[],
): ModelFile[] {
  const snapshots: ModelFile[] = [];
  const add = (snapshot: ModelFile): void => {
    const earlier =
      models.find((m) => m.name === snapshot.name) ??
      snapshots.find((m) => m.name === snapshot.name);
    if (earlier) {
      diagnostics.push({
        code: "duplicate-name",
        message: `model ${snapshot.name} is defined twice: in ${earlier.path} and in ${snapshot.path}`,
        file: snapshot.path,
        hint: "Model and snapshot names must be unique; rename one of them.",
      });
      return;
    }
    snapshots.push(snapshot);
  };
  for (const file of files) {
    if (!file.endsWith(".sql")) continue;
    const folder = folders.find((f) => file.startsWith(`${f}/`));
    if (folder === undefined) continue;
    const text = readFileSync(path.join(root, file), "utf8");
    const subfolders = path.posix
      .dirname(file.slice(folder.length + 1))
      .split("/")
      .filter((part) => part !== ".");
    const blocks = [...text.matchAll(blockPattern)];
    if (blocks.length === 0) {
      if (/\{%-?\s*snapshot\b/.test(text)) {
        diagnostics.push({
          code: "template-error",
          message: `${file} opens a {% snapshot %} block that is not closed`,
          file,
          hint: "End the block with {% endsnapshot %}.",
        });
        continue;
      }
      add({
        name: path.posix.basename(file, ".sql"),
        path: file,
        folders: subfolders,
        sql: `${snapshotConfig}${text}`,
      });
      continue;
    }
    for (const block of blocks) {
      const before = text.slice(0, block.index).replace(/[^\n]/g, "");
      add({
        name: block[1]!,
        path: file,
        folders: subfolders,
        sql: `${before}${snapshotConfig}${block[2]!}`,
      });
    }
  }
  return snapshots;
}
