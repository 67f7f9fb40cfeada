import { ProjectError } from "../errors/index.ts";
import type { GraphNode } from "../compile/index.ts";
import { ancestors, descendants, type Graph } from "./graph.ts";
import {
  methodToText,
  type NamedSelector,
  type SelectorDefinition,
} from "./selector-definition.ts";
import { matchesState, stateValues, type SelectionState } from "./state.ts";

/**
 * What selectors may read besides the graph: the artifacts of an earlier
 * invocation (`state:`, `result:`) and the named selectors of selectors.yml.
 */
export interface SelectionContext {
  readonly state?: SelectionState;
  readonly selectors?: ReadonlyMap<string, NamedSelector>;
}

const atomPattern = /^(@)?(?:(\d*)\+)?([^+]+?)(?:\+(\d*))?$/;

/**
 * Selects nodes with dbt's syntax. Spaces separate a union of terms; commas
 * inside a term intersect its parts. A part is a name (with `*` wildcards),
 * `tag:x`, `path:dir`, `source:src.table`, `resource_type:model`,
 * `config.key:value`, `test_type:unit`, `state:modified`, `result:error` or
 * `selector:name`, with `+` before (ancestors) or after (descendants),
 * optionally limited to n generations (`2+m`, `m+1`), or `@m` (m, its
 * descendants, and their ancestors). A generic test is added when the node
 * it tests is selected, a singular test when every node it reads is.
 */
export function selectNodes(
  graph: Graph,
  select: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
  context: SelectionContext = {},
): Set<string> {
  const defaultSelector = [...(context.selectors?.values() ?? [])].find(
    (selector) => selector.default === true,
  );
  const base =
    select && select.length > 0
      ? evaluate(graph, select, context)
      : defaultSelector
        ? evaluateDefinition(graph, defaultSelector.definition, context)
        : new Set(
            [...graph.nodes.keys()].filter(
              (id) => graph.nodes.get(id)!.kind !== "test",
            ),
          );
  const excluded =
    exclude && exclude.length > 0
      ? evaluate(graph, exclude, context)
      : new Set<string>();
  const chosen = new Set([...base].filter((id) => !excluded.has(id)));
  const selectsAll = !select || select.length === 0;
  for (const node of graph.nodes.values()) {
    if (node.kind !== "test" || excluded.has(node.id)) continue;
    const tested = node.attachedTo ? [node.attachedTo] : node.dependsOn;
    if (node.attachedTo) {
      if (chosen.has(node.attachedTo)) chosen.add(node.id);
    } else if (readsOnlyChosen(graph, node.dependsOn, chosen)) {
      // A singular test reads every node it names, so it is selected only
      // when all of them are; otherwise it would read a relation this
      // command may not have built.
      chosen.add(node.id);
    }
    // A macro's unit test tests no node: it runs whenever everything does.
    if (tested.length === 0 && selectsAll && !defaultSelector) {
      chosen.add(node.id);
    }
  }
  return chosen;
}

function readsOnlyChosen(
  graph: Graph,
  dependsOn: readonly string[],
  chosen: ReadonlySet<string>,
): boolean {
  const built = dependsOn.filter(
    (id) => graph.nodes.get(id)?.kind !== "source",
  );
  if (built.length === 0) return dependsOn.some((id) => chosen.has(id));
  return built.every((id) => chosen.has(id));
}

function evaluate(
  graph: Graph,
  terms: readonly string[],
  context: SelectionContext,
): Set<string> {
  const union = new Set<string>();
  for (const term of terms.flatMap((t) => t.split(/\s+/)).filter(Boolean)) {
    const parts = term
      .split(",")
      .map((part) => selectPart(graph, part, context));
    const [first, ...rest] = parts;
    for (const id of first!) {
      if (rest.every((set) => set.has(id))) union.add(id);
    }
  }
  return union;
}

/** Evaluates a selectors.yml definition. */
function evaluateDefinition(
  graph: Graph,
  definition: SelectorDefinition,
  context: SelectionContext,
): Set<string> {
  if (typeof definition === "string") {
    return evaluate(graph, [definition], context);
  }
  if ("union" in definition) {
    const union = new Set<string>();
    const excluded = new Set<string>();
    for (const item of definition.union) {
      const target =
        typeof item === "object" && "exclude" in item ? excluded : union;
      for (const id of evaluateDefinition(graph, item, context)) target.add(id);
    }
    return new Set([...union].filter((id) => !excluded.has(id)));
  }
  if ("intersection" in definition) {
    const [first, ...rest] = definition.intersection.map((item) =>
      evaluateDefinition(graph, item, context),
    );
    return new Set(
      [...(first ?? [])].filter((id) => rest.every((set) => set.has(id))),
    );
  }
  if ("exclude" in definition) {
    // Evaluated as the set to remove; the enclosing union subtracts it.
    const removed = new Set<string>();
    for (const item of definition.exclude) {
      for (const id of evaluateDefinition(graph, item, context))
        removed.add(id);
    }
    return removed;
  }
  return selectPart(graph, methodToText(definition), context);
}

function selectPart(
  graph: Graph,
  part: string,
  context: SelectionContext,
): Set<string> {
  const match = atomPattern.exec(part);
  if (!match) throw invalid(part, "it is not of the form [n+]name[+n]");
  const [, at, up, method, down] = match;
  const roots = matchMethod(graph, method!, part, context);
  const result = new Set(roots);
  for (const id of roots) {
    if (at) {
      for (const child of descendants(graph, id)) {
        result.add(child);
        for (const parent of ancestors(graph, child)) result.add(parent);
      }
    }
    if (up !== undefined) {
      for (const parent of ancestors(
        graph,
        id,
        up === "" ? Infinity : Number(up),
      )) {
        result.add(parent);
      }
    }
    if (down !== undefined) {
      for (const child of descendants(
        graph,
        id,
        down === "" ? Infinity : Number(down),
      )) {
        result.add(child);
      }
    }
  }
  return result;
}

function matchMethod(
  graph: Graph,
  method: string,
  part: string,
  context: SelectionContext,
): Set<string> {
  const colon = method.indexOf(":");
  const kind = colon === -1 ? "name" : method.slice(0, colon);
  const value = colon === -1 ? method : method.slice(colon + 1);
  if (kind === "selector") return namedSelector(graph, value, part, context);
  const test = kind.startsWith("config.")
    ? configMethod(kind.slice("config.".length))
    : kind === "state" || kind === "result"
      ? stateMethod(kind, value, part, context)
      : methods[kind];
  if (!test) {
    throw invalid(
      part,
      `unknown method ${kind}: use a name, tag:, path:, source:, resource_type:, config.<key>:, test_type:, state:, result: or selector:`,
    );
  }
  const found = new Set<string>();
  for (const node of graph.nodes.values()) {
    if (test(node, value)) found.add(node.id);
  }
  return found;
}

function namedSelector(
  graph: Graph,
  name: string,
  part: string,
  context: SelectionContext,
): Set<string> {
  const selector = context.selectors?.get(name);
  if (!selector) {
    const known = [...(context.selectors?.keys() ?? [])].join(", ");
    throw invalid(
      part,
      `selectors.yml defines no selector ${name} (defined: ${known || "none"})`,
    );
  }
  return evaluateDefinition(graph, selector.definition, context);
}

/** `config.materialized:table`; a list config matches any of its items. */
function configMethod(
  key: string,
): (node: GraphNode, value: string) => boolean {
  return (node, value) => {
    if (node.kind !== "model" && node.kind !== "seed") return false;
    const configured =
      key === "materialized" ? node.config.materialized : node.config.raw[key];
    const candidates = Array.isArray(configured) ? configured : [configured];
    return candidates.some(
      (item) => item !== undefined && item !== null && String(item) === value,
    );
  };
}

function stateMethod(
  kind: "state" | "result",
  value: string,
  part: string,
  context: SelectionContext,
): (node: GraphNode, value: string) => boolean {
  const state = context.state;
  if (!state) {
    throw new ProjectError({
      code: "state-missing",
      message: `selector '${part}' compares with an earlier run, but no --state folder was given`,
      hint: "Pass --state DIR, where DIR holds the manifest.json and run_results.json of an earlier invocation (for example a copy of its target/ folder).",
    });
  }
  if (kind === "state") {
    if (!(stateValues as readonly string[]).includes(value)) {
      throw invalid(
        part,
        `unknown state ${value}: use ${stateValues.join(", ")}`,
      );
    }
    return (node) => matchesState(node, value, state);
  }
  return (node) => state.results.get(node.id)?.has(value) === true;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

const methods: Record<string, (node: GraphNode, value: string) => boolean> = {
  name: (node, value) =>
    wildcard(value).test(node.name) ||
    (node.kind === "source" &&
      wildcard(value).test(`${node.sourceName}.${node.name}`)),
  tag: (node, value) =>
    (node.kind === "model" || node.kind === "seed") &&
    node.config.tags.includes(value),
  path: (node, value) => {
    const prefix = value.replace(/\/+$/, "");
    return (
      node.path === prefix ||
      node.path.startsWith(`${prefix}/`) ||
      wildcard(prefix).test(node.path)
    );
  },
  source: (node, value) =>
    node.kind === "source" &&
    (wildcard(value).test(node.sourceName) ||
      wildcard(value).test(`${node.sourceName}.${node.name}`)),
  resource_type: (node, value) =>
    value === "unit_test"
      ? node.kind === "test" && node.testName === "unit"
      : node.kind === value,
  test_type: (node, value) => {
    if (node.kind !== "test") return false;
    if (value === "unit") return node.testName === "unit";
    if (value === "singular") return node.testName === "singular";
    if (value === "generic") {
      return node.testName !== "singular" && node.testName !== "unit";
    }
    // dbt's `data` covers generic and singular data tests alike.
    return value === "data" && node.testName !== "unit";
  },
};

function invalid(part: string, why: string): ProjectError {
  return new ProjectError({
    code: "invalid-selector",
    message: `invalid selector '${part}': ${why}`,
    hint: "Examples: my_model, +my_model, my_model+, 2+my_model, tag:nightly, path:models/staging, a,b (intersection), 'a b' (union).",
  });
}
