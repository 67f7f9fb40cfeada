/**
 * Finds the line of a model's source file that produced a line of its
 * compiled SQL. Templating can add or remove lines, so the compiled line is
 * matched by its text; when no single source line has that text, the
 * position is unknown and only the compiled line is reported.
 */
export function sourceLineOf(
  rawSql: string,
  compiledSql: string,
  compiledLine: number,
): number | undefined {
  const target = compiledSql.split("\n")[compiledLine - 1]?.trim();
  if (!target) return undefined;
  const matches: number[] = [];
  rawSql.split("\n").forEach((line, index) => {
    if (line.trim() === target) matches.push(index + 1);
  });
  if (matches.length === 1) return matches[0];
  const rawLines = rawSql.split("\n").length;
  const compiledLines = compiledSql.split("\n").length;
  // With no templating that changes line counts, lines correspond directly.
  if (
    matches.length > 1 &&
    rawLines === compiledLines &&
    matches.includes(compiledLine)
  ) {
    return compiledLine;
  }
  return undefined;
}
