import type { GraphNode } from "../compile/index.ts";
import type { CountryPlan } from "../run/index.ts";

/** A fingerprint of every node, over every country of a compile. */
export type Fingerprints = ReadonlyMap<string, string>;

/**
 * Fingerprints each node of the compiled plans by what a build reads from
 * it: the compiled SQL, the config and the seed's checksum. Descriptions
 * are left out, so editing documentation reruns nothing.
 */
export function fingerprintNodes(plans: readonly CountryPlan[]): Fingerprints {
  const parts = new Map<string, string[]>();
  for (const plan of plans) {
    for (const node of plan.compiled.nodes.values()) {
      const list = parts.get(node.id) ?? [];
      list.push(JSON.stringify(buildInputs(node)));
      parts.set(node.id, list);
    }
  }
  return new Map([...parts].map(([id, list]) => [id, list.join("\n")]));
}

function buildInputs(node: GraphNode): unknown {
  switch (node.kind) {
    case "model":
      return [node.compiledSql, node.config.raw, node.dependsOn];
    case "seed":
      return [node.checksum, node.config.raw];
    case "source":
      return [node.relation, node.dependsOn];
    case "test":
      return [node.compiledSql, node.severity, node.dependsOn];
  }
}

/** Returns the ids that are new or whose fingerprint differs. */
export function changedNodes(
  before: Fingerprints,
  after: Fingerprints,
): Set<string> {
  const changed = new Set<string>();
  for (const [id, fingerprint] of after) {
    if (before.get(id) !== fingerprint) changed.add(id);
  }
  return changed;
}
