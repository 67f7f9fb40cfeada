/**
 * Finds the line of a model's source file that produced a line of its
 * compiled SQL. Templating can add or remove lines, so the compiled line is
 * matched by its text. A source line with `{{ ... }}` expressions matches
 * when its text around them does. When no single source line matches, the
 * position is unknown and only the compiled line is reported.
 */
export function sourceLineOf(
  rawSql: string,
  compiledSql: string,
  compiledLine: number,
): number | undefined {
  const rawLines = rawSql.split("\n");
  const compiledLines = compiledSql.split("\n");
  const target = compiledLines[compiledLine - 1]?.trim();
  if (!target) return undefined;
  // With no templating that changes line counts, lines correspond directly.
  const sameLength = rawLines.length === compiledLines.length;

  const exact = linesWhere(rawLines, (line) => line.trim() === target);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) {
    return sameLength && exact.includes(compiledLine)
      ? compiledLine
      : undefined;
  }

  const patterns = rawLines.map(templatePattern);
  const templated = linesWhere(patterns, (pattern) => pattern?.test(target));
  if (sameLength && templated.includes(compiledLine)) return compiledLine;
  // A line such as `from {{ ref('a') }}` also matches a `from` line that a
  // macro rendered, so a line counts only when it matches one compiled line.
  const unique = templated.filter((line) => {
    const pattern = patterns[line - 1]!;
    const matched = linesWhere(compiledLines, (text) =>
      pattern.test(text.trim()),
    );
    return matched.length === 1;
  });
  return unique.length === 1 ? unique[0] : undefined;
}

/** Returns the 1-based numbers of the lines that match. */
function linesWhere<T>(
  lines: readonly T[],
  matches: (line: T) => boolean | undefined,
): number[] {
  const found: number[] = [];
  lines.forEach((line, index) => {
    if (matches(line) === true) found.push(index + 1);
  });
  return found;
}

const expression = /\{\{[\s\S]*?\}\}/;

/**
 * Builds a pattern that matches the compiled text of a source line whose
 * `{{ ... }}` expressions may render to anything. Returns undefined for a
 * line without expressions, for a line of only expressions (it would match
 * every line), and for a line with a `{% %}` tag or a `{# #}` comment,
 * which can move text between lines.
 */
function templatePattern(line: string): RegExp | undefined {
  if (line.includes("{%") || line.includes("{#")) return undefined;
  // Whitespace next to an expression is trimmed, because `{{-` and `-}}`
  // may remove it from the output.
  const literals = line.split(expression).map((text) => text.trim());
  if (literals.length === 1 || literals.join("") === "") return undefined;
  return new RegExp(`^${literals.map(escapeRegExp).join(".*")}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
