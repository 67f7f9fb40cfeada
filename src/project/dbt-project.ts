import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import nunjucks from "nunjucks";
import type { Diagnostic } from "../errors/index.ts";
import { readFolderConfig } from "./folder-config.ts";
import type { TargetInput } from "./schemas.ts";
import type { ProjectSettings } from "./types.ts";
import { parseYaml } from "./yaml-file.ts";
import type { ProjectLayout } from "./layout.ts";

export { strataLayout, type ProjectLayout } from "./layout.ts";

/** What strata reads from dbt_project.yml and profiles.yml. */
export interface DbtProject {
  readonly settings: ProjectSettings;
  readonly layout: ProjectLayout;
}

const fileName = "dbt_project.yml";

/** True when the folder is a dbt project and has no strata.yml. */
export function isDbtProject(root: string): boolean {
  return (
    existsSync(path.join(root, fileName)) &&
    !existsSync(path.join(root, "strata.yml"))
  );
}

/**
 * Reads dbt_project.yml (paths, vars, the `+` config hierarchy, run hooks)
 * and the DuckDB outputs of its profile in profiles.yml.
 */
export async function readDbtProject(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  diagnostics: Diagnostic[],
): Promise<DbtProject> {
  const parsed = parseYaml(
    fileName,
    await readFile(path.join(root, fileName), "utf8"),
  );
  diagnostics.push(...parsed.diagnostics);
  const raw: unknown = parsed.yaml?.value ?? {};
  const config = isRecord(raw) ? raw : {};
  const name =
    typeof config.name === "string" ? config.name : path.basename(root);
  const paths = (key: string, fallback: string): string[] => {
    const value = config[key];
    if (Array.isArray(value)) return value.map(String).map(trimSlashes);
    return [fallback];
  };
  const testPaths = paths("test-paths", "tests");
  const layout: ProjectLayout = {
    models: paths("model-paths", "models"),
    snapshots: paths("snapshot-paths", "snapshots"),
    seeds: paths("seed-paths", "seeds"),
    macros: paths("macro-paths", "macros"),
    tests: testPaths,
    genericTests: testPaths.flatMap((folder) => [
      `${folder}/generic`,
      `${folder}/fixtures`,
    ]),
    configByName: true,
  };
  const targets = await readProfile(
    root,
    typeof config.profile === "string" ? config.profile : name,
    env,
    diagnostics,
  );
  const hooks = (key: string): string[] => {
    const value = config[key];
    if (typeof value === "string") return [value];
    return Array.isArray(value) ? value.map(String) : [];
  };
  const settings: ProjectSettings = {
    name,
    vars: projectVars(config.vars, name),
    modelFolders: readFolderConfig(
      projectLevel(config.models, name),
      fileName,
      diagnostics,
    ),
    seedFolders: readFolderConfig(
      projectLevel(config.seeds, name),
      fileName,
      diagnostics,
    ),
    targets: targets.outputs,
    defaultTarget: targets.defaultTarget,
    onRunStart: hooks("on-run-start"),
    onRunEnd: hooks("on-run-end"),
  };
  return { settings, layout };
}

/**
 * The config tree of `models:` or `seeds:` below the project's own key.
 * Keys of other packages are ignored; keys at the top level (outside any
 * package) apply to every node, as in dbt.
 */
function projectLevel(
  tree: unknown,
  project: string,
): Record<string, unknown> | undefined {
  if (!isRecord(tree)) return undefined;
  const own = tree[project];
  const top = Object.fromEntries(
    Object.entries(tree).filter(([key, value]) =>
      key.startsWith("+") ? true : !isRecord(value),
    ),
  );
  return { ...top, ...(isRecord(own) ? own : {}) };
}

/** dbt vars: global keys, plus the keys scoped under the project's name. */
function projectVars(vars: unknown, project: string): Record<string, unknown> {
  if (!isRecord(vars)) return {};
  const scoped = vars[project];
  const global = Object.fromEntries(
    Object.entries(vars).filter(([key]) => key !== project),
  );
  return { ...global, ...(isRecord(scoped) ? scoped : {}) };
}

/**
 * Reads the project's profile from profiles.yml, looked up in
 * DBT_PROFILES_DIR, then the project folder, then ~/.dbt. Every output of
 * type duckdb becomes a target; `{{ env_var('X', 'default') }}` is
 * rendered in every string.
 */
async function readProfile(
  root: string,
  profile: string,
  env: Readonly<Record<string, string | undefined>>,
  diagnostics: Diagnostic[],
): Promise<{ outputs: Record<string, TargetInput>; defaultTarget: string }> {
  const candidates = [
    env.DBT_PROFILES_DIR,
    root,
    path.join(env.HOME ?? homedir(), ".dbt"),
  ].filter((dir): dir is string => dir !== undefined);
  const folder = candidates.find((dir) =>
    existsSync(path.join(dir, "profiles.yml")),
  );
  const fallback = {
    outputs: { dev: { engine: "duckdb" as const } },
    defaultTarget: "dev",
  };
  if (folder === undefined) {
    diagnostics.push({
      code: "dbt-profile-missing",
      message: `profiles.yml not found in ${candidates.join(", ")}`,
      file: "profiles.yml",
      hint: `Create profiles.yml with a profile ${profile} whose output has type: duckdb, in the project folder or ~/.dbt, or set DBT_PROFILES_DIR.`,
    });
    return fallback;
  }
  const file = path.join(folder, "profiles.yml");
  const parsed = parseYaml(file, await readFile(file, "utf8"));
  diagnostics.push(...parsed.diagnostics);
  const raw = renderEnvVars(parsed.yaml?.value ?? {}, env, file, diagnostics);
  const entry = isRecord(raw) ? raw[profile] : undefined;
  if (!isRecord(entry) || !isRecord(entry.outputs)) {
    diagnostics.push({
      code: "dbt-profile-missing",
      message: `profile ${profile} (named by dbt_project.yml) has no outputs in ${file}`,
      file,
      hint: `Add ${profile}: with target: and outputs: to profiles.yml, or set profile: in dbt_project.yml to an existing profile.`,
    });
    return fallback;
  }
  const outputs: Record<string, TargetInput> = {};
  for (const [name, output] of Object.entries(entry.outputs)) {
    if (!isRecord(output)) continue;
    if (output.type !== "duckdb") {
      diagnostics.push({
        code: "dbt-profile-invalid",
        message: `output ${name} of profile ${profile} has type ${String(output.type)}; strata runs dbt projects on DuckDB only`,
        file,
        hint: "Add an output with type: duckdb and choose it with target: or --target.",
      });
      continue;
    }
    const location = typeof output.path === "string" ? output.path : undefined;
    if (location === ":memory:") {
      diagnostics.push({
        code: "dbt-profile-invalid",
        message: `output ${name} of profile ${profile} uses path: ':memory:', but strata keeps its catalog in a file`,
        file,
        hint: "Set path: to a file such as dev.duckdb.",
      });
      continue;
    }
    outputs[name] = {
      engine: "duckdb",
      path: location,
      threads: typeof output.threads === "number" ? output.threads : undefined,
      settings: isRecord(output.settings)
        ? (output.settings as TargetInput["settings"])
        : undefined,
    };
  }
  const target = typeof entry.target === "string" ? entry.target : "dev";
  if (Object.keys(outputs).length === 0) return fallback;
  return {
    outputs,
    defaultTarget: outputs[target] ? target : Object.keys(outputs)[0]!,
  };
}

function renderEnvVars(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
  diagnostics: Diagnostic[],
): unknown {
  if (typeof value === "string") {
    if (!value.includes("{{")) return value;
    const renderer = new nunjucks.Environment(null, { autoescape: false });
    renderer.addGlobal("env_var", (name: string, fallback?: unknown) => {
      const found = env[name];
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      throw new Error(`env_var('${name}') is not set and has no default`);
    });
    try {
      const text = renderer.renderString(value, {});
      return /^-?\d+$/.test(text) ? Number(text) : text;
    } catch (error) {
      diagnostics.push({
        code: "unknown-env-var",
        message: `profiles.yml: ${(error as Error).message.split("\n").pop()!.trim()}`,
        file,
        hint: "Export the variable, or give env_var a default.",
      });
      return value;
    }
  }
  if (Array.isArray(value)) {
    return value.map((item) => renderEnvVars(item, env, file, diagnostics));
  }
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        renderEnvVars(item, env, file, diagnostics),
      ]),
    );
  }
  return value;
}

/**
 * Rewrites dbt's `{% test name(args) %}` blocks into the macros strata
 * calls for generic tests, `{% macro test_name(args) %}`.
 */
export function testBlocksToMacros(text: string): string {
  return text
    .replace(
      /\{%(-?)\s*test\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g,
      "{%$1 macro test_$2(",
    )
    .replace(/\{%(-?)\s*endtest\s*(-?)%\}/g, "{%$1 endmacro $2%}");
}

function trimSlashes(folder: string): string {
  return folder.replace(/^\.\//, "").replace(/\/+$/, "");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
