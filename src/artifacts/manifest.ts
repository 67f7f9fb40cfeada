import type { CompiledProject, GraphNode } from "../compile/index.ts";
import type { Project } from "../project/index.ts";

/**
 * `target/manifest.json`: every node with its resolved config, edges,
 * checksum and, per country, the path of its compiled SQL. The shape is
 * documented in docs/artifacts.md.
 */
export interface Manifest {
  readonly metadata: {
    readonly strata_version: string;
    readonly generated_at: string;
    readonly project: string;
    readonly target: string;
    readonly countries: readonly (string | null)[];
  };
  readonly nodes: Record<string, ManifestNode>;
}

export interface ManifestNode {
  readonly kind: GraphNode["kind"];
  readonly name: string;
  readonly path: string;
  readonly depends_on: readonly string[];
  readonly config?: Readonly<Record<string, unknown>>;
  readonly checksum?: string;
  readonly description?: string;
  readonly columns?: readonly { name: string; description?: string }[];
  readonly relation?: Record<string, string>;
  readonly compiled_path: Record<string, string>;
  readonly raw_sql?: string;
  readonly severity?: string;
  readonly attached_to?: string;
}

/** Builds the manifest from the compiled project of each country. */
export function buildManifest(
  project: Project,
  target: string,
  compiled: readonly CompiledProject[],
  compiledPaths: ReadonlyMap<string, ReadonlyMap<string, string>>,
  version: string,
): Manifest {
  const nodes: Record<string, ManifestNode> = {};
  for (const run of compiled) {
    const key = run.country ?? "none";
    const paths = compiledPaths.get(key) ?? new Map<string, string>();
    for (const node of run.nodes.values()) {
      const existing = nodes[node.id];
      const entry: ManifestNode = existing ?? describe(node);
      const compiledPath = paths.get(node.id);
      if (compiledPath) entry.compiled_path[key] = compiledPath;
      if (entry.relation && "relation" in node)
        entry.relation[key] = node.relation;
      nodes[node.id] = entry;
    }
  }
  return {
    metadata: {
      strata_version: version,
      generated_at: new Date().toISOString(),
      project: project.settings.name,
      target,
      countries: compiled.map((c) => c.country),
    },
    nodes,
  };
}

function describe(node: GraphNode): ManifestNode {
  const base = {
    kind: node.kind,
    name: node.name,
    path: node.path,
    depends_on: node.dependsOn,
    compiled_path: {},
  };
  switch (node.kind) {
    case "model":
      return {
        ...base,
        config: node.config.raw,
        checksum: node.checksum,
        description: node.description,
        columns: node.columns.map((c) => ({
          name: c.name,
          description: c.description,
        })),
        relation: {},
        raw_sql: node.rawSql,
      };
    case "seed":
      return {
        ...base,
        config: node.config.raw,
        checksum: node.checksum,
        description: node.description,
        columns: node.columns.map((c) => ({
          name: c.name,
          description: c.description,
        })),
        relation: {},
      };
    case "source":
      return {
        ...base,
        description: node.description,
        columns: node.columns.map((c) => ({
          name: c.name,
          description: c.description,
        })),
        relation: {},
      };
    case "test":
      return { ...base, severity: node.severity, attached_to: node.attachedTo };
  }
}
