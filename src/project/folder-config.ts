import type { Diagnostic } from "../errors/index.ts";
import { nodeConfigSchema, type NodeConfigInput } from "./schemas.ts";
import type { FolderConfig } from "./types.ts";

const configKeys = new Set(Object.keys(nodeConfigSchema.shape));

/** A lookup of the line and column of a value by its keys in the tree. */
export type FolderLocator = (
  keys: readonly string[],
) => { line: number; column: number } | undefined;

/**
 * Reads the folder tree of strata.yml's `models:` or `seeds:` section. A key
 * is a config key when it starts with `+` or is a known config key;
 * otherwise it names a subfolder. `locate` finds an invalid value in the file.
 */
export function readFolderConfig(
  tree: Record<string, unknown> | undefined,
  file: string,
  diagnostics: Diagnostic[],
  locate: FolderLocator = () => undefined,
  path: readonly string[] = [],
): FolderConfig {
  const config: Record<string, unknown> = {};
  /** Each config key as written, with its `+` if it had one. */
  const written = new Map<string, string>();
  const children = new Map<string, FolderConfig>();
  for (const [key, value] of Object.entries(tree ?? {})) {
    const bare = key.startsWith("+") ? key.slice(1) : key;
    const isFolder =
      !key.startsWith("+") &&
      !configKeys.has(key) &&
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value);
    if (isFolder) {
      const child = value as Record<string, unknown>;
      children.set(
        key,
        readFolderConfig(child, file, diagnostics, locate, [...path, key]),
      );
    } else {
      config[bare] = value;
      written.set(bare, key);
    }
  }
  const parsed = nodeConfigSchema.safeParse(config);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [bare, ...rest] = issue.path.map(String);
      const key = bare === undefined ? [] : [written.get(bare) ?? bare];
      const position =
        locate([...path, ...key, ...rest]) ?? locate([...path, ...key]);
      const value = bare === undefined ? undefined : config[bare];
      const valueText =
        value === undefined ? "" : ` (the value is ${JSON.stringify(value)})`;
      diagnostics.push({
        code: "yaml-schema",
        message: `invalid folder config at ${[...path, ...key, ...rest].join(".")}: ${issue.message}${valueText}`,
        file,
        line: position?.line,
        column: position?.column,
        hint: "Folder configs take the same keys as a model's config.",
      });
    }
  }
  return { config: (parsed.data ?? {}) as NodeConfigInput, children };
}
