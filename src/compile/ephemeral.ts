import { refPlaceholderPattern } from "./render-scope.ts";

/** Name of the CTE an ephemeral model is inlined as. */
export function cteName(model: string): string {
  return `__strata_cte__${model}`;
}

/**
 * Replaces `ref` placeholders with relations, and inlines the ephemeral
 * models the SQL reads, transitively, as CTEs in front of it. A query that
 * already starts with WITH gets the CTEs added to its own list.
 */
export function resolveRefs(
  sql: string,
  relationOf: (name: string) => string,
  ephemeralSql: (name: string) => string | undefined,
): string {
  const ordered: string[] = [];
  const visit = (text: string): void => {
    for (const match of text.matchAll(refPlaceholderPattern)) {
      const name = match[1]!;
      const body = ephemeralSql(name);
      if (body === undefined || ordered.includes(name)) continue;
      visit(body);
      if (!ordered.includes(name)) ordered.push(name);
    }
  };
  visit(sql);
  const substitute = (text: string): string =>
    text.replace(refPlaceholderPattern, (_, name: string) =>
      ephemeralSql(name) === undefined ? relationOf(name) : cteName(name),
    );
  const main = substitute(sql);
  if (ordered.length === 0) return main;
  const ctes = ordered
    .map(
      (name) =>
        `${cteName(name)} as (\n${substitute(ephemeralSql(name)!).trim()}\n)`,
    )
    .join(",\n");
  return injectCtes(main, ctes);
}

function injectCtes(sql: string, ctes: string): string {
  const leading = /^(\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*)/.exec(sql)![1]!;
  const rest = sql.slice(leading.length);
  const withClause = /^with(\s+recursive)?\s/i.exec(rest);
  if (!withClause) return `${leading}with ${ctes}\n${rest}`;
  const head = withClause[0];
  return `${leading}${head}${ctes},\n${rest.slice(head.length)}`;
}
