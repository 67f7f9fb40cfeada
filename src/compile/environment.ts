import nunjucks from "nunjucks";
import { templateDiagnostic } from "./template-error.ts";
import type { Diagnostic } from "../errors/index.ts";
import type { MacroFile } from "../project/index.ts";
import { builtinTestMacros } from "./builtin-tests.ts";
import { dbtUtilsMacros, dbtUtilsNames } from "./dbt-utils.ts";
import { Adapter } from "./dispatch.ts";
import { installJinjaCompat, type JinjaLogEvent } from "./jinja/index.ts";

/** Names of globals strata defines; a macro may not take one of them. */
export const reservedGlobals = [
  "ref",
  "source",
  "config",
  "var",
  "env_var",
  "is_incremental",
  "this",
  "target",
  "country",
  "execute",
];

/**
 * Creates the Nunjucks environment models render in: Jinja's behaviour as
 * dbt uses it, no autoescape (the output is SQL, not HTML), and every macro
 * of the project registered as a global so models call them without an
 * import.
 */
export function createEnvironment(
  macros: readonly MacroFile[],
  globals: Record<string, unknown>,
  diagnostics: Diagnostic[],
  onLog?: (event: JinjaLogEvent) => void,
): nunjucks.Environment {
  const env = new nunjucks.Environment(null, {
    autoescape: false,
    throwOnUndefined: false,
  });
  // Installed first, so strata's own globals win over any of the same name.
  installJinjaCompat(env, { onLog });
  for (const [name, value] of Object.entries(globals)) {
    const descriptor = Object.getOwnPropertyDescriptor(globals, name)!;
    if (descriptor.get) {
      Object.defineProperty(globalsOf(env), name, {
        get: descriptor.get,
        configurable: true,
      });
    } else {
      env.addGlobal(name, value);
    }
  }
  registerMacros(
    env,
    { path: "(strata built-in tests)", text: builtinTestMacros },
    diagnostics,
  );
  registerMacros(
    env,
    { path: "(strata built-in dbt_utils)", text: dbtUtilsMacros },
    diagnostics,
  );
  env.addGlobal("dbt_utils", dbtUtilsNamespace(env));
  for (const file of macros) registerMacros(env, file, diagnostics);
  const adapter = globalsOf(env).adapter;
  if (adapter instanceof Adapter) {
    adapter.lookupMacro = (name) => globalsOf(env)[name];
  }
  return env;
}

// Both members exist at run time but are missing from @types/nunjucks.
interface ExportingTemplate {
  getExported(
    context: object,
    done: (error: Error | null, exported: unknown) => void,
  ): void;
}

/** The macro functions `registerMacros` made globals, in any environment. */
const macroFunctions = new WeakSet<object>();

/**
 * Returns the macro registered under a global name, or undefined when that
 * global is not a macro. A global defined by a getter is not read.
 */
export function macroOf(
  env: nunjucks.Environment,
  name: string,
): ((...args: unknown[]) => unknown) | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(globalsOf(env), name);
  const value: unknown = descriptor?.value;
  return typeof value === "function" && macroFunctions.has(value)
    ? (value as (...args: unknown[]) => unknown)
    : undefined;
}

/** The environment's table of globals. */
export function globalsOf(env: nunjucks.Environment): Record<string, unknown> {
  return (env as unknown as { globals: Record<string, unknown> }).globals;
}

function registerMacros(
  env: nunjucks.Environment,
  file: MacroFile,
  diagnostics: Diagnostic[],
): void {
  let exported: Record<string, unknown> = {};
  try {
    const template = new nunjucks.Template(
      file.text,
      env,
      file.path,
      true,
    ) as unknown as ExportingTemplate;
    template.getExported({}, (error: Error | null, result: unknown) => {
      if (error) throw error;
      exported = result as Record<string, unknown>;
    });
  } catch (error) {
    diagnostics.push(templateDiagnostic(error, file.path, "parse"));
    return;
  }
  for (const [name, macro] of Object.entries(exported)) {
    if (reservedGlobals.includes(name)) {
      diagnostics.push({
        code: "template-error",
        message: `macro ${name} in ${file.path} takes the name of a strata function`,
        file: file.path,
        hint: `Rename the macro; ${reservedGlobals.join(", ")} are reserved.`,
      });
      continue;
    }
    if (typeof macro === "function") macroFunctions.add(macro);
    env.addGlobal(name, macro);
  }
}

/**
 * The `dbt_utils` namespace: each member looks the macro up when called, so
 * a project macro named `dbt_utils__<name>` replaces the built-in one.
 */
function dbtUtilsNamespace(
  env: nunjucks.Environment,
): Record<string, (...args: unknown[]) => unknown> {
  return Object.fromEntries(
    dbtUtilsNames.map((name) => [
      name,
      (...args: unknown[]) => {
        const macro = globalsOf(env)[`dbt_utils__${name}`] as (
          ...a: unknown[]
        ) => unknown;
        return macro(...args);
      },
    ]),
  );
}
