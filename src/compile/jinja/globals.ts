import type nunjucks from "nunjucks";
import { createExceptions } from "./exceptions.ts";
import { createLog, type JinjaLogEvent } from "./log.ts";
import { createModules } from "./modules/index.ts";
import { createNamespace } from "./namespace.ts";
import { CallArguments } from "./python/call-arguments.ts";
import { isMapping } from "./python/values.ts";
import { returnFromMacro } from "./return.ts";

/** Creates a dict; this is Jinja's `dict(mapping_or_pairs?, **items)`. */
function createDict(...args: unknown[]): Record<string, unknown> {
  const call = new CallArguments(args);
  const initial = call.positional[0];
  const pairs = Array.isArray(initial)
    ? Object.fromEntries(initial as [string, unknown][])
    : isMapping(initial)
      ? initial
      : {};
  return { ...pairs, ...call.keywordsExcept() };
}

/** Adds Jinja's globals and dbt's template functions to an environment. */
export function addJinjaGlobals(
  env: nunjucks.Environment,
  onLog: (event: JinjaLogEvent) => void,
  now: () => Date,
): void {
  const globals: Record<string, unknown> = {
    // Python spells the constants capitalised, but Nunjucks has only the
    // literals true, false and none.
    True: true,
    False: false,
    None: null,
    namespace: createNamespace,
    dict: createDict,
    return: returnFromMacro,
    log: createLog(onLog),
    exceptions: createExceptions(onLog),
    modules: createModules(now),
  };
  for (const [name, value] of Object.entries(globals)) {
    env.addGlobal(name, value);
  }
}
