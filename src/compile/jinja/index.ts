import type nunjucks from "nunjucks";
import { DoExtension } from "./do-tag.ts";
import { addJinjaFilters } from "./filters/index.ts";
import { addJinjaGlobals } from "./globals.ts";
import { addJinjaTests } from "./jinja-tests.ts";
import type { JinjaLogEvent } from "./log.ts";
import { installHooks } from "./syntax/install-hooks.ts";
import { markJinjaExtension } from "./syntax/jinja-mode.ts";

export { CompilerError, findCompilerError } from "./exceptions.ts";
export type { JinjaLogEvent } from "./log.ts";

/** Settings of `installJinjaCompat`. */
export interface JinjaCompatOptions {
  /** Receives `log()` and `exceptions.warn()` messages; none are printed. */
  onLog?: (event: JinjaLogEvent) => void;
  /** The clock of `modules.datetime`; the system clock by default. */
  now?: () => Date;
}

/** The extension name under which the `do` tag is registered. */
export const JINJA_EXTENSION_NAME = "JinjaCompat";

/**
 * Makes templates of `env` behave like Jinja as dbt uses it: the `do` tag,
 * `namespace()`, Python methods and operators, Jinja's filters and tests,
 * loop-scoped `set`, and dbt's `return`, `log`, `exceptions` and `modules`.
 * See README.md for the full list and the known gaps.
 *
 * Nunjucks' own `installJinjaCompat()` is not used: it patches every
 * environment, replaces an object's own `get` method with a dict lookup,
 * and returns arrays from `pop(0)` and string slices.
 *
 * It also sets Nunjucks' `dev` option so that a render error keeps the
 * original error as `cause`, where `findCompilerError` looks for it.
 *
 * ```ts
 * const env = new nunjucks.Environment(null, { autoescape: false });
 * installJinjaCompat(env, { onLog: (event) => events.push(event) });
 * env.renderString("{% set x = [] %}{% do x.append(1) %}{{ x }}", {});
 * // "[1]"
 * ```
 */
export function installJinjaCompat(
  env: nunjucks.Environment,
  options: JinjaCompatOptions = {},
): void {
  installHooks();

  const extension = new DoExtension();
  markJinjaExtension(extension);
  env.addExtension(JINJA_EXTENSION_NAME, extension);

  addJinjaGlobals(
    env,
    options.onLog ?? (() => {}),
    options.now ?? (() => new Date()),
  );
  addJinjaFilters(env);
  addJinjaTests(env);
  (env as unknown as { opts: { dev: boolean } }).opts.dev = true;
}
