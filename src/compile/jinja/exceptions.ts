import type { JinjaLogEvent } from "./log.ts";
import { CallArguments } from "./python/call-arguments.ts";
import { pythonStr } from "./python/str.ts";

/**
 * The error `exceptions.raise_compiler_error(message)` raises. Nunjucks
 * wraps it in its own template error; `findCompilerError` recovers it.
 */
export class CompilerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CompilerError";
  }
}

/** Finds the CompilerError that caused a Nunjucks render error, if any. */
export function findCompilerError(error: unknown): CompilerError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    if (current instanceof CompilerError) return current;
    current = current.cause;
  }
  return undefined;
}

/** Creates the `exceptions` global: dbt's functions to fail or warn. */
export function createExceptions(onLog: (event: JinjaLogEvent) => void) {
  const message = (args: unknown[]) =>
    pythonStr(new CallArguments(args).get(0, "msg", ""));
  return {
    raise_compiler_error(...args: unknown[]): never {
      throw new CompilerError(message(args));
    },
    warn(...args: unknown[]): string {
      onLog({ level: "warn", message: message(args) });
      return "";
    },
  };
}
