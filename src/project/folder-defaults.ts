import type { NodeConfigInput } from "./schemas.ts";
import type { FolderConfig } from "./types.ts";

/** Merges the folder defaults that apply to a file in the given folders. */
export function folderDefaults(
  root: FolderConfig,
  folders: readonly string[],
): NodeConfigInput {
  let merged: NodeConfigInput = { ...root.config };
  let current: FolderConfig | undefined = root;
  for (const folder of folders) {
    current = current.children.get(folder);
    if (!current) break;
    const tags = [...tagList(merged.tags), ...tagList(current.config.tags)];
    merged = { ...merged, ...current.config, tags };
  }
  return merged;
}

function tagList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : value;
}
