import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ProjectError, type Diagnostic } from "../errors/index.ts";
import type {
  MethodDefinition,
  NamedSelector,
  SelectionState,
  SelectorDefinition,
  StateNode,
} from "../graph/index.ts";
import { parseYaml, positionOf } from "../project/yaml-file.ts";

/**
 * Reads the manifest.json and run_results.json an earlier invocation wrote
 * into `dir` (a copy of its target/ folder, typically). The manifest is
 * required; run results are optional, because `compile` writes none.
 */
export async function readSelectionState(
  dir: string,
  projectDir: string,
): Promise<SelectionState> {
  const folder = path.resolve(projectDir, dir);
  const manifestPath = path.join(folder, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new ProjectError({
      code: "state-missing",
      message: `--state ${dir}: ${manifestPath} does not exist`,
      file: manifestPath,
      hint: "Point --state at a folder holding the manifest.json of an earlier invocation, such as a saved copy of target/.",
    });
  }
  const manifest = await readJson(manifestPath);
  const rawNodes = isRecord(manifest) ? manifest.nodes : undefined;
  if (!isRecord(rawNodes)) {
    throw new ProjectError({
      code: "state-invalid",
      message: `${manifestPath} has no nodes map, so it is not a strata manifest`,
      file: manifestPath,
      hint: "Pass the target/ folder of a strata invocation; dbt's manifest.json has a different shape.",
    });
  }
  const nodes = new Map<string, StateNode>();
  for (const [id, node] of Object.entries(rawNodes)) {
    if (isRecord(node)) nodes.set(id, node as StateNode);
  }
  const results = new Map<string, Set<string>>();
  const resultsPath = path.join(folder, "run_results.json");
  if (existsSync(resultsPath)) {
    const runResults = await readJson(resultsPath);
    const list = isRecord(runResults) ? runResults.results : undefined;
    for (const result of Array.isArray(list) ? list : []) {
      if (!isRecord(result)) continue;
      const id = String(result.id);
      const statuses = results.get(id) ?? new Set<string>();
      statuses.add(String(result.status));
      results.set(id, statuses);
    }
  }
  return { nodes, results };
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ProjectError({
      code: "state-invalid",
      message: `${file} is not valid JSON: ${(error as Error).message}`,
      file,
      hint: "Point --state at a folder whose artifacts a complete strata invocation wrote.",
    });
  }
}

const methodKeys = new Set([
  "method",
  "value",
  "parents",
  "children",
  "parents_depth",
  "children_depth",
  "childrens_parents",
  "indirect_selection",
]);

/**
 * Reads selectors.yml (dbt's format) from the project folder, if present.
 * Each definition is a CLI-style string, `{method, value, parents,
 * children, ...}`, the shorthand `{tag: nightly}`, or `union:`,
 * `intersection:` and `exclude:` lists of definitions.
 */
export async function readSelectors(
  projectDir: string,
): Promise<Map<string, NamedSelector>> {
  const file = "selectors.yml";
  const selectors = new Map<string, NamedSelector>();
  const full = path.join(projectDir, file);
  if (!existsSync(full)) return selectors;
  const parsed = parseYaml(file, await readFile(full, "utf8"));
  if (!parsed.yaml) throw new ProjectError(parsed.diagnostics);
  const yaml = parsed.yaml;
  const diagnostics: Diagnostic[] = [];
  const fail = (at: PropertyKey[], message: string): void => {
    diagnostics.push({
      code: "selectors-invalid",
      message: `invalid selectors.yml at ${at.join(".")}: ${message}`,
      file,
      ...positionOf(yaml, at),
      hint: "A definition is a selector string, {method: tag, value: x}, {tag: x}, or union:/intersection:/exclude: lists of definitions.",
    });
  };
  const root: unknown = yaml.value;
  const list = isRecord(root) ? root.selectors : undefined;
  if (!Array.isArray(list)) {
    fail(["selectors"], "expected a list of selectors");
    throw new ProjectError(diagnostics);
  }
  list.forEach((entry: unknown, index) => {
    const at = ["selectors", index];
    if (!isRecord(entry) || typeof entry.name !== "string") {
      fail(at, "each selector needs a name");
      return;
    }
    const definition = readDefinition(
      entry.definition,
      [...at, "definition"],
      fail,
    );
    if (definition === undefined) return;
    selectors.set(entry.name, {
      name: entry.name,
      description:
        typeof entry.description === "string" ? entry.description : undefined,
      definition,
      default: entry.default === true,
      file,
    });
  });
  if (diagnostics.length > 0) throw new ProjectError(diagnostics);
  return selectors;
}

function readDefinition(
  raw: unknown,
  at: PropertyKey[],
  fail: (at: PropertyKey[], message: string) => void,
): SelectorDefinition | undefined {
  if (typeof raw === "string") return raw;
  if (!isRecord(raw)) {
    fail(at, "expected a string or a map");
    return undefined;
  }
  for (const key of ["union", "intersection", "exclude"] as const) {
    if (!(key in raw)) continue;
    const items = raw[key];
    if (!Array.isArray(items)) {
      fail([...at, key], `${key} takes a list of definitions`);
      return undefined;
    }
    const read = items.map((item: unknown, index) =>
      readDefinition(item, [...at, key, index], fail),
    );
    if (read.some((item) => item === undefined)) return undefined;
    const definitions = read as SelectorDefinition[];
    if (key === "union") return { union: definitions };
    if (key === "intersection") return { intersection: definitions };
    return { exclude: definitions };
  }
  const keys = Object.keys(raw);
  if (!("method" in raw)) {
    // The shorthand `{tag: nightly}` names the method by its key.
    const shorthand = keys.filter((key) => !methodKeys.has(key));
    if (shorthand.length !== 1) {
      fail(at, `expected method: and value:, got keys ${keys.join(", ")}`);
      return undefined;
    }
    const method = shorthand[0]!;
    return readDefinition(
      { ...raw, method, value: raw[method], [method]: undefined },
      at,
      fail,
    );
  }
  if (typeof raw.method !== "string" || raw.value === undefined) {
    fail(at, "method: and value: are both required");
    return undefined;
  }
  const depth = (key: string): number | undefined =>
    typeof raw[key] === "number" ? raw[key] : undefined;
  const definition: MethodDefinition = {
    method: raw.method,
    value: String(raw.value),
    parents: raw.parents === true,
    children: raw.children === true,
    parents_depth: depth("parents_depth"),
    children_depth: depth("children_depth"),
    childrens_parents: raw.childrens_parents === true,
  };
  return definition;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
