/**
 * Reads the hook templates of a model's config: `pre_hook` or `post_hook`
 * (dbt's `pre-hook` spelling too), each a SQL string, a list of them, or
 * dbt's `{ sql: ... }` map. Hooks from every config level are not merged:
 * the most specific level wins, as for other keys.
 */
export function hookTemplates(
  raw: Readonly<Record<string, unknown>>,
  kind: "pre" | "post",
): string[] {
  const value = raw[`${kind}_hook`] ?? raw[`${kind}-hook`];
  const list = Array.isArray(value)
    ? value
    : value === undefined
      ? []
      : [value];
  return list
    .map((entry: unknown) =>
      typeof entry === "object" && entry !== null && "sql" in entry
        ? (entry as { sql: unknown }).sql
        : entry,
    )
    .filter((entry): entry is string => typeof entry === "string")
    .filter((entry) => entry.trim().length > 0);
}
