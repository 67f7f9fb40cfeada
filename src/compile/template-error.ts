import type { Diagnostic } from "../errors/index.ts";
import { findCompilerError } from "./jinja/index.ts";

/**
 * Turns a Nunjucks error into a diagnostic naming the file and line. Nunjucks
 * reports parse errors with 1-based lines but render errors with 0-based
 * lines, so the caller says which phase failed. The file is the template
 * Nunjucks names (a macro file when the error is inside a macro), or the
 * given one.
 */
export function templateDiagnostic(
  error: unknown,
  file: string,
  phase: "parse" | "render",
  model?: string,
  raised?: Diagnostic,
): Diagnostic {
  const text = error instanceof Error ? error.message : String(error);
  const position = /\[Line (\d+)(?:, Column (\d+))?\]/.exec(text);
  const where = /^\((.+?)\)/.exec(text)?.[1];
  const offset = phase === "render" ? 1 : 0;
  const line = position ? Number(position[1]) + offset : undefined;
  const column = position?.[2] ? Number(position[2]) : undefined;
  const at = {
    file: where && where !== "unknown path" ? where : file,
    line,
    column,
    model,
  };
  if (raised) return { ...raised, ...at };
  const compilerError = findCompilerError(error);
  if (compilerError) {
    return {
      code: "template-error",
      message: `${model ? `model ${model}` : file} raised a compiler error: ${compilerError.message}`,
      ...at,
      hint: "The project's own check failed; read the message above and fix the input it names.",
    };
  }
  const detail = text
    .split("\n")
    .slice(1)
    .join(" ")
    .replace(/^\s*(Error: )?/, "")
    .trim();
  return {
    code: "template-error",
    message: `template error in ${model ? `model ${model}` : file}: ${detail || text}`,
    ...at,
    hint: "Fix the Nunjucks syntax or the call at this line; `strata compile` shows the result.",
  };
}
