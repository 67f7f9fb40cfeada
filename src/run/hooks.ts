import type { ModelNode } from "../compile/index.ts";
import type { Engine } from "../engines/index.ts";
import { StrataError } from "../errors/index.ts";
import type { EventSink } from "../events/index.ts";
import type { NodeResult } from "./execute-plan.ts";

/**
 * Executes hook statements in order and stops at the first that fails,
 * raising a StrataError that names the hook (`label`, such as "pre_hook of
 * model m"), its position and the engine's message.
 */
export async function executeHooks(
  engine: Engine,
  hooks: readonly string[] | undefined,
  label: string,
  file: string,
): Promise<void> {
  for (const [index, sql] of (hooks ?? []).entries()) {
    if (sql.trim().length === 0) continue;
    try {
      await engine.execute(sql);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StrataError({
        code: "hook-error",
        message: `${label} #${index + 1} failed: ${reason} (SQL: ${oneLine(sql)})`,
        file,
        hint: `Fix the statement of ${label} in ${file}, or remove it.`,
      });
    }
  }
}

/** Runs a model's pre-hooks, builds it, then runs its post-hooks. */
export async function withModelHooks<T>(
  engine: Engine,
  model: ModelNode,
  build: () => Promise<T>,
): Promise<T> {
  await executeHooks(
    engine,
    model.preHooks,
    `pre_hook of model ${model.name}`,
    model.path,
  );
  const result = await build();
  await executeHooks(
    engine,
    model.postHooks,
    `post_hook of model ${model.name}`,
    model.path,
  );
  return result;
}

function oneLine(sql: string): string {
  const text = sql.replace(/\s+/g, " ").trim();
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Executes the `on_run_start` or `on_run_end` statements of strata.yml for
 * one country and returns one result for the step: `success`, or `error`
 * with the failing statement's message.
 */
export async function executeRunHooks(
  engine: Engine,
  key: "on_run_start" | "on_run_end",
  hooks: readonly string[] | undefined,
  country: string | null,
  events: EventSink,
): Promise<NodeResult | undefined> {
  if (!hooks || hooks.length === 0) return undefined;
  const started = performance.now();
  const base = {
    id: `operation.${key}`,
    name: key,
    kind: "operation" as const,
    country,
  };
  try {
    await executeHooks(engine, hooks, key, "strata.yml");
  } catch (error) {
    if (!(error instanceof StrataError)) throw error;
    const result = {
      ...base,
      status: "error" as const,
      duration_ms: Math.round(performance.now() - started),
      message: `${error.message}. ${error.diagnostics[0]?.hint ?? ""}`.trim(),
      file: "strata.yml",
    };
    events({
      kind: "node-end",
      node: key,
      resource: "operation",
      country,
      status: "error",
      durationMs: result.duration_ms,
      message: result.message,
    });
    return result;
  }
  return {
    ...base,
    status: "success",
    duration_ms: Math.round(performance.now() - started),
  };
}
