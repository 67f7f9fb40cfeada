import type { Diagnostic } from "../errors/index.ts";
import type { Project } from "../project/index.ts";
import { Adapter } from "./dispatch.ts";
import { isIncrementalInScope, type IncrementalInputs } from "./incremental.ts";
import { createQueryGlobals, type ExecutionQueries } from "./query-globals.ts";
import { refPlaceholder, type RenderScope } from "./render-scope.ts";
import type { Dialect } from "./types.ts";

/** The inputs the template functions read. */
export interface CompileInputs {
  readonly project: Project;
  readonly dialect: Dialect;
  readonly country: string | null;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly target: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly scope: () => RenderScope | undefined;
  /** Relation text of each source table, keyed `source.table`. */
  readonly sourceRelations: ReadonlyMap<string, string>;
  /** Existing data and `--full-refresh`, for `is_incremental()`. */
  readonly incremental?: IncrementalInputs;
  /**
   * Set only when rendering a model as it executes: `execute` is true and
   * `run_query` and `statement` run their queries through it.
   */
  readonly execution?: ExecutionQueries;
}

interface Keywords {
  __keywords?: true;
  [key: string]: unknown;
}

function isKeywords(value: unknown): value is Keywords {
  return typeof value === "object" && value !== null && "__keywords" in value;
}

/**
 * Builds the functions and values every template can use. Values that depend
 * on the node being rendered (`this`) are getters over the active scope.
 */
export function createGlobals(inputs: CompileInputs): Record<string, unknown> {
  const { project } = inputs;
  const raise = (diagnostic: Omit<Diagnostic, "file">): never => {
    const scope = inputs.scope();
    const full = { ...diagnostic, file: scope?.file, model: scope?.node };
    if (scope) scope.raised = full;
    throw new Error(diagnostic.message);
  };
  const modelNames = new Set(project.models.map((m) => m.name));
  const seedNames = new Set(project.seeds.map((s) => s.name));

  const globals: Record<string, unknown> = {
    ref(...args: unknown[]): string {
      const names = args.filter((a) => typeof a === "string") as string[];
      const name = names[names.length - 1];
      if (
        name === undefined ||
        (!modelNames.has(name) && !seedNames.has(name))
      ) {
        return raise({
          code: "unknown-ref",
          message: `ref('${String(name)}') names no model or seed`,
          hint: hintForName(String(name), [...modelNames, ...seedNames]),
        });
      }
      inputs.scope()?.refs.add(name);
      return refPlaceholder(name);
    },
    source(sourceName: unknown, tableName: unknown): string {
      const key = `${String(sourceName)}.${String(tableName)}`;
      const table = project.sources.find(
        (t) => t.sourceName === sourceName && t.name === tableName,
      );
      if (!table) {
        return raise({
          code: "unknown-source",
          message: `source('${String(sourceName)}', '${String(tableName)}') is not declared in sources.yml`,
          hint: hintForName(
            key,
            project.sources.map((t) => `${t.sourceName}.${t.name}`),
          ),
        });
      }
      inputs.scope()?.sources.add(key);
      return inputs.sourceRelations.get(key) ?? "";
    },
    config(...args: unknown[]): string {
      const scope = inputs.scope();
      for (const arg of args) {
        if (typeof arg !== "object" || arg === null) continue;
        for (const [key, value] of Object.entries(arg)) {
          if (key !== "__keywords" && scope) scope.config[key] = value;
        }
      }
      return "";
    },
    var(name: unknown, ...rest: unknown[]): unknown {
      const key = String(name);
      if (Object.hasOwn(inputs.vars, key)) return inputs.vars[key];
      const fallback = rest.filter((r) => !isKeywords(r));
      if (fallback.length > 0) return fallback[0];
      return raise({
        code: "unknown-var",
        message: `var('${key}') is not set and has no default`,
        hint: `Set ${key} under vars: in strata.yml, pass --vars '{"${key}": ...}', or give a default: var('${key}', value).`,
      });
    },
    env_var(name: unknown, ...rest: unknown[]): unknown {
      const key = String(name);
      const value = inputs.env[key];
      if (value !== undefined) return value;
      const fallback = rest.filter((r) => !isKeywords(r));
      if (fallback.length > 0) return fallback[0];
      return raise({
        code: "unknown-env-var",
        message: `env_var('${key}') is not set in the environment and has no default`,
        hint: `Export ${key}, or give a default: env_var('${key}', value).`,
      });
    },
    is_incremental(): boolean {
      return isIncrementalInScope(
        project,
        inputs.scope(),
        inputs.incremental ?? {},
      );
    },
    target: inputs.target,
    country: inputs.country,
    adapter: new Adapter(inputs.dialect, raise),
    ...createQueryGlobals(inputs),
  };
  Object.defineProperty(globals, "this", {
    get: () => inputs.scope()?.thisRelation ?? "",
    enumerable: true,
  });
  // dbt's flag: false while compiling, true while the model executes.
  Object.defineProperty(globals, "execute", {
    get: () => {
      const scope = inputs.scope();
      if (scope) scope.rendersAtExecution = true;
      return inputs.execution !== undefined;
    },
    enumerable: true,
  });
  return globals;
}

/** Suggests the closest known name, for "did you mean" hints. */
export function hintForName(name: string, known: readonly string[]): string {
  const close = known
    .map((candidate) => ({
      candidate,
      distance: editDistance(name, candidate),
    }))
    .sort((a, b) => a.distance - b.distance)[0];
  if (close && close.distance <= Math.max(2, name.length / 3)) {
    return `Did you mean '${close.candidate}'?`;
  }
  return known.length > 0
    ? `Known names: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ` and ${known.length - 10} more` : ""}.`
    : "The project declares none.";
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(
        row[j]! + 1,
        row[j - 1]! + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length]!;
}
