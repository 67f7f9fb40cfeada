import type { Diagnostic } from "../errors/index.ts";
import { nodeConfigSchema, type NodeConfigInput } from "./schemas.ts";
import type { FolderConfig } from "./types.ts";

const configKeys = new Set(Object.keys(nodeConfigSchema.shape));

/**
 * Reads the folder tree of strata.yml's `models:` or `seeds:` section. A key
 * is a config key when it starts with `+` or is a known config key;
 * otherwise it names a subfolder.
 */
export function readFolderConfig(
  tree: Record<string, unknown> | undefined,
  file: string,
  diagnostics: Diagnostic[],
  path: readonly string[] = [],
): FolderConfig {
  const config: Record<string, unknown> = {};
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
        readFolderConfig(child, file, diagnostics, [...path, key]),
      );
    } else {
      config[bare] = value;
    }
  }
  const parsed = nodeConfigSchema.safeParse(config);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      diagnostics.push({
        code: "yaml-schema",
        message: `invalid folder config at ${[...path, ...issue.path.map(String)].join(".")}: ${issue.message}`,
        file,
        hint: "Folder configs take the same keys as a model's config.",
      });
    }
  }
  return { config: (parsed.data ?? {}) as NodeConfigInput, children };
}
