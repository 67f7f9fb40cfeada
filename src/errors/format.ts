import type { Diagnostic } from "./strata-error.ts";

/** Formats `file:line:column`, leaving out the parts that are unknown. */
export function formatLocation(d: Diagnostic): string | undefined {
  if (d.file === undefined) return undefined;
  if (d.line === undefined) return d.file;
  if (d.column === undefined) return `${d.file}:${d.line}`;
  return `${d.file}:${d.line}:${d.column}`;
}

/** Renders a diagnostic as the lines a person reads. */
export function formatDiagnostic(d: Diagnostic): string {
  const location = formatLocation(d);
  const head = location ? `${location}: ${d.message}` : d.message;
  return d.hint ? `${head}\n  ${d.hint}` : head;
}
