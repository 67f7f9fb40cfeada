import path from "node:path";
import type { CompiledProject, GraphNode } from "../compile/index.ts";
import type { SelectionState } from "../graph/index.ts";

/** The alias the state's catalog is attached under, read-only. */
export const stateCatalogAlias = "strata_state";

/** The catalog file of a `--state` folder: its copy of strata.duckdb. */
export function stateCatalogPath(stateDir: string, projectDir: string): string {
  return path.join(path.resolve(projectDir, stateDir), "strata.duckdb");
}

/**
 * Points the refs of selected nodes at the state's relations wherever the
 * parent is a model or seed that is not selected and that the state's
 * manifest records for this country. dbt 1.5+ also checks whether the
 * relation exists in the current target; strata defers every unselected
 * parent the state knows, so a partial run never reads a stale local copy.
 */
export function deferToState(
  compiled: CompiledProject,
  selected: ReadonlySet<string>,
  state: SelectionState,
  quote: (name: string) => string,
): CompiledProject {
  const country = compiled.country ?? "none";
  const replacements = new Map<string, string>();
  for (const node of compiled.nodes.values()) {
    if (node.kind !== "model" && node.kind !== "seed") continue;
    if (selected.has(node.id)) continue;
    if (node.kind === "model" && node.config.materialized === "ephemeral") {
      continue;
    }
    const relation = state.nodes.get(node.id)?.relation?.[country];
    if (relation === undefined) continue;
    replacements.set(node.relation, `${quote(stateCatalogAlias)}.${relation}`);
  }
  if (replacements.size === 0) return compiled;
  const pattern = new RegExp(
    [...replacements.keys()]
      .sort((a, b) => b.length - a.length)
      .map((relation) => relation.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|"),
    "g",
  );
  const rewrite = (sql: string): string =>
    sql.replace(pattern, (relation) => replacements.get(relation) ?? relation);
  const nodes = new Map<string, GraphNode>();
  for (const [id, node] of compiled.nodes) {
    const rewritten =
      selected.has(id) && (node.kind === "model" || node.kind === "test")
        ? { ...node, compiledSql: rewrite(node.compiledSql) }
        : node;
    nodes.set(id, rewritten);
  }
  return { ...compiled, nodes };
}
