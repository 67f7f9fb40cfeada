/**
 * The arguments of a call from a template. Nunjucks passes keyword
 * arguments as one trailing object flagged `__keywords: true`. This class
 * separates them, so a function can bind parameters the way Python does:
 * `args.get(1, "maxsplit", -1)` reads the second positional argument or
 * the keyword `maxsplit`.
 */
export class CallArguments {
  readonly positional: readonly unknown[];
  readonly keywords: ReadonlyMap<string, unknown>;

  constructor(args: readonly unknown[]) {
    const last = args.at(-1);
    if (isKeywordArguments(last)) {
      this.positional = args.slice(0, -1);
      this.keywords = new Map(
        Object.entries(last).filter(([key]) => key !== "__keywords"),
      );
    } else {
      this.positional = args;
      this.keywords = new Map();
    }
  }

  /** Returns whether the parameter was passed, by position or keyword. */
  has(index: number, name: string): boolean {
    return index < this.positional.length || this.keywords.has(name);
  }

  /** Returns the parameter's value, or `fallback` when it was not passed. */
  get(index: number, name: string, fallback?: unknown): unknown {
    if (index < this.positional.length) return this.positional[index];
    if (this.keywords.has(name)) return this.keywords.get(name);
    return fallback;
  }

  /** Returns the keywords other than `names`, as a plain object. */
  keywordsExcept(...names: string[]): Record<string, unknown> {
    const rest: Record<string, unknown> = {};
    for (const [key, value] of this.keywords) {
      if (!names.includes(key)) rest[key] = value;
    }
    return rest;
  }
}

/** Returns whether a value is the keyword object Nunjucks appends. */
export function isKeywordArguments(
  value: unknown,
): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.hasOwn(value, "__keywords")
  );
}
