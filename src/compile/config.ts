import { folderDefaults } from "../project/folder-defaults.ts";
import type { FolderConfig } from "../project/index.ts";
import type { NodeConfig } from "./types.ts";

function tagsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.map(String);
  return [];
}

/**
 * Merges a node's config from its three levels, lowest first: the folder
 * defaults of strata.yml, the property YAML, then `config()` calls in the
 * SQL. Tags add up across levels, as in dbt; other keys override.
 */
export function resolveConfig(
  folders: FolderConfig,
  folderPath: readonly string[],
  levels: readonly Readonly<Record<string, unknown>>[],
  hasCountries: boolean,
  defaultMaterialized: NodeConfig["materialized"] = "view",
): NodeConfig {
  const all = [
    folderDefaults(folders, folderPath) as Record<string, unknown>,
    ...levels,
  ];
  const raw: Record<string, unknown> = {};
  const tags = new Set<string>();
  for (const level of all) {
    for (const [key, value] of Object.entries(level)) {
      const bare = key.startsWith("+") ? key.slice(1) : key;
      if (bare === "tags") tagsOf(value).forEach((tag) => tags.add(tag));
      else raw[bare] = value;
    }
  }
  raw.tags = [...tags];
  return {
    materialized:
      (raw.materialized as NodeConfig["materialized"]) ?? defaultMaterialized,
    tags: [...tags],
    enabled: raw.enabled !== false,
    partitionByCountry: hasCountries && raw.partition_by_country !== false,
    columnTypes: (raw.column_types as Record<string, string>) ?? {},
    raw,
  };
}
