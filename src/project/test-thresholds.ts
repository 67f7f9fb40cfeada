/** A `warn_if` / `error_if` condition on a test's failing row count. */
export interface Threshold {
  readonly operator: "==" | "!=" | ">" | ">=" | "<" | "<=";
  readonly value: number;
}

const thresholdPattern = /^\s*(==|=|!=|<>|>=|<=|>|<)\s*(\d+)\s*$/;

/** Parses a condition such as `>10` or `!=0`; undefined when invalid. */
export function parseThreshold(text: string): Threshold | undefined {
  const match = thresholdPattern.exec(text);
  if (!match) return undefined;
  const aliases: Record<string, string> = { "=": "==", "<>": "!=" };
  const operator = aliases[match[1]!] ?? match[1]!;
  return {
    operator: operator as Threshold["operator"],
    value: Number(match[2]),
  };
}

/** Tells whether a failing row count meets a condition. */
export function meetsThreshold(failures: number, condition: string): boolean {
  const threshold = parseThreshold(condition);
  if (!threshold) return failures !== 0;
  const { operator, value } = threshold;
  switch (operator) {
    case "==":
      return failures === value;
    case "!=":
      return failures !== value;
    case ">":
      return failures > value;
    case ">=":
      return failures >= value;
    case "<":
      return failures < value;
    case "<=":
      return failures <= value;
  }
}
