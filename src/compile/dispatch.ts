import type { Diagnostic } from "../errors/index.ts";
import type { Dialect } from "./types.ts";

type Macro = (...args: unknown[]) => unknown;

/**
 * dbt's `adapter` object as templates see it: `dispatch` picks the
 * implementation of a macro for the engine, and `quote` quotes an
 * identifier. Macros are looked up when `dispatch` is called, through
 * `lookupMacro`, which the environment sets once the macros are registered.
 */
export class Adapter {
  lookupMacro: (name: string) => unknown = () => undefined;

  constructor(
    private readonly dialect: Dialect,
    private readonly raise: (diagnostic: Omit<Diagnostic, "file">) => never,
  ) {}

  /**
   * Returns the macro `<engine>__<name>`, else `default__<name>`, else the
   * built-in `<namespace>__<name>` (strata's dbt_utils macros are named so).
   * Accepts `macro_namespace=` as a keyword, as dbt does.
   */
  dispatch(name: unknown, ...rest: unknown[]): Macro {
    const macroName = String(name);
    const namespace = namespaceOf(rest);
    const candidates = [
      `${this.dialect.engine}__${macroName}`,
      `default__${macroName}`,
    ];
    if (namespace !== undefined) candidates.push(`${namespace}__${macroName}`);
    for (const candidate of candidates) {
      const macro = this.lookupMacro(candidate);
      if (typeof macro === "function") return macro as Macro;
    }
    const where = namespace === undefined ? "" : ` in namespace ${namespace}`;
    return this.raise({
      code: "unknown-macro",
      message: `adapter.dispatch('${macroName}') found no macro${where}: searched ${candidates.join(", ")}`,
      hint: `Define {% macro default__${macroName}(...) %} under macros/, or {% macro ${this.dialect.engine}__${macroName}(...) %} for this engine.`,
    });
  }

  quote(identifier: unknown): string {
    return this.dialect.quoteIdentifier(String(identifier));
  }
}

function namespaceOf(rest: readonly unknown[]): string | undefined {
  for (const arg of rest) {
    if (typeof arg === "string") return arg;
    if (typeof arg === "object" && arg !== null && "__keywords" in arg) {
      const value = (arg as Record<string, unknown>).macro_namespace;
      if (typeof value === "string") return value;
    }
  }
  return undefined;
}
