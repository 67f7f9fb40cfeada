import { CallArguments } from "../python/call-arguments.ts";
import { pythonRepr, pythonStr } from "../python/str.ts";
import { makeTuple, toInteger, toText } from "../python/values.ts";
import { translatePattern } from "./re-syntax.ts";

// Python's `re` module on JavaScript regular expressions. Patterns are
// translated (named groups, \A, \Z, inline flags, VERBOSE); features
// JavaScript lacks, such as possessive quantifiers, are not available.

const FLAGS = {
  I: 2,
  IGNORECASE: 2,
  M: 8,
  MULTILINE: 8,
  S: 16,
  DOTALL: 16,
  X: 64,
  VERBOSE: 64,
  A: 256,
  ASCII: 256,
};

/** The object `re.match` and friends return; `None` means no match. */
export class PyMatch {
  readonly pythonTypeName = "Match";

  constructor(
    private readonly result: RegExpExecArray,
    readonly string: string,
  ) {}

  private groupIndex(group: unknown): number | string {
    if (typeof group === "number") return group;
    return toText(group, "group name");
  }

  private value(group: unknown): string | null {
    const key = this.groupIndex(group);
    const value =
      typeof key === "number" ? this.result[key] : this.result.groups?.[key];
    return value ?? null;
  }

  group(...groups: unknown[]): unknown {
    if (groups.length === 0) return this.value(0);
    if (groups.length === 1) return this.value(groups[0]);
    return makeTuple(groups.map((group) => this.value(group)));
  }

  groups(...args: unknown[]): unknown[] {
    const fallback = new CallArguments(args).get(0, "default", null);
    const values = this.result.slice(1).map((value) => value ?? fallback);
    return makeTuple(values);
  }

  groupdict(...args: unknown[]): Record<string, unknown> {
    const fallback = new CallArguments(args).get(0, "default", null);
    const entries = Object.entries(this.result.groups ?? {});
    return Object.fromEntries(
      entries.map(([key, value]) => [key, value ?? fallback]),
    );
  }

  span(group: unknown = 0): unknown[] {
    const key = this.groupIndex(group);
    const indices = this.result.indices;
    const span =
      typeof key === "number" ? indices?.[key] : indices?.groups?.[key];
    return makeTuple(span ? [...span] : [-1, -1]);
  }

  start(group: unknown = 0): unknown {
    return this.span(group)[0];
  }

  end(group: unknown = 0): unknown {
    return this.span(group)[1];
  }

  __repr__(): string {
    const [start, end] = this.span();
    const text = pythonRepr(this.result[0]);
    return `<re.Match object; span=(${String(start)}, ${String(end)}), match=${text}>`;
  }
}

type Anchor = "search" | "match" | "fullmatch";

/** A compiled pattern, as `re.compile` returns it. */
export class PyPattern {
  readonly pythonTypeName = "Pattern";
  private readonly source: string;
  private readonly jsFlags: string;

  constructor(
    readonly pattern: string,
    readonly flags: number,
  ) {
    const translated = translatePattern(pattern, flags);
    this.source = translated.source;
    this.jsFlags = translated.flags;
  }

  private regex(anchor: Anchor | "all"): RegExp {
    const flags = `${this.jsFlags}d`;
    if (anchor === "search") return new RegExp(this.source, flags);
    if (anchor === "all") return new RegExp(this.source, `${flags}g`);
    if (anchor === "match") return new RegExp(this.source, `${flags}y`);
    return new RegExp(`(?:${this.source})(?![\\s\\S])`, `${flags}y`);
  }

  private find(text: unknown, anchor: Anchor): PyMatch | null {
    const string = toText(text, "expected string");
    const result = this.regex(anchor).exec(string);
    return result ? new PyMatch(result, string) : null;
  }

  private all(text: unknown): [string, RegExpExecArray[]] {
    const string = toText(text, "expected string");
    return [string, [...string.matchAll(this.regex("all"))]];
  }

  match(text: unknown): PyMatch | null {
    return this.find(text, "match");
  }

  search(text: unknown): PyMatch | null {
    return this.find(text, "search");
  }

  fullmatch(text: unknown): PyMatch | null {
    return this.find(text, "fullmatch");
  }

  findall(text: unknown): unknown[] {
    return this.all(text)[1].map((result) => {
      if (result.length === 1) return result[0];
      if (result.length === 2) return result[1] ?? "";
      return makeTuple(result.slice(1).map((group) => group ?? ""));
    });
  }

  finditer(text: unknown): PyMatch[] {
    const [string, results] = this.all(text);
    return results.map(
      (result) => new PyMatch(result as RegExpExecArray, string),
    );
  }

  sub(replacement: unknown, text: unknown, ...args: unknown[]): string {
    const limit = toInteger(
      new CallArguments(args).get(0, "count", 0),
      "count",
    );
    const [string, results] = this.all(text);
    const expand =
      typeof replacement === "function"
        ? (match: PyMatch) => pythonStr(replacement(match))
        : compileReplacement(toText(replacement, "repl"));

    let output = "";
    let last = 0;
    for (const [index, result] of results.entries()) {
      if (limit > 0 && index >= limit) break;
      output += string.slice(last, result.index);
      output += expand(new PyMatch(result as RegExpExecArray, string));
      last = result.index + result[0].length;
    }
    return output + string.slice(last);
  }

  split(text: unknown, ...args: unknown[]): unknown[] {
    const limit = toInteger(
      new CallArguments(args).get(0, "maxsplit", 0),
      "maxsplit",
    );
    const [string, results] = this.all(text);
    const parts: unknown[] = [];
    let last = 0;
    for (const [index, result] of results.entries()) {
      if (limit > 0 && index >= limit) break;
      parts.push(
        string.slice(last, result.index),
        ...result.slice(1).map((group) => group ?? null),
      );
      last = result.index + result[0].length;
    }
    parts.push(string.slice(last));
    return parts;
  }

  __repr__(): string {
    return `re.compile(${pythonRepr(this.pattern)})`;
  }
}

const TEMPLATE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  f: "\f",
  v: "\v",
  a: "\x07",
  b: "\b",
  "\\": "\\",
};

/** Compiles a Python replacement template: `\1`, `\g<1>`, `\g<name>`. */
function compileReplacement(template: string): (match: PyMatch) => string {
  const parts: ((match: PyMatch) => string)[] = [];
  const pattern = /\\g<([^>]+)>|\\(\d{1,2})|\\(.)|([^\\]+)/gsu;
  for (const [, named, numbered, escaped, literal] of template.matchAll(
    pattern,
  )) {
    if (literal !== undefined) parts.push(() => literal);
    else if (escaped !== undefined) {
      const char = TEMPLATE_ESCAPES[escaped] ?? `\\${escaped}`;
      parts.push(() => char);
    } else {
      const key = named ?? numbered!;
      const group = /^\d+$/u.test(key) ? Number(key) : key;
      parts.push((match) => String(match.group(group) ?? ""));
    }
  }
  return (match) => parts.map((part) => part(match)).join("");
}

const SPECIAL = /[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/gu;

/** Creates the `modules.re` object. */
export function createReModule() {
  const compile = (pattern: unknown, flags: unknown = 0) => {
    if (pattern instanceof PyPattern) return pattern;
    return new PyPattern(
      toText(pattern, "first argument"),
      toInteger(flags, "flags"),
    );
  };
  const last = (args: unknown[], index: number, name: string) =>
    new CallArguments(args).get(index, name, 0);

  return {
    ...FLAGS,
    compile,
    match: (pattern: unknown, text: unknown, ...args: unknown[]) =>
      compile(pattern, last(args, 0, "flags")).match(text),
    search: (pattern: unknown, text: unknown, ...args: unknown[]) =>
      compile(pattern, last(args, 0, "flags")).search(text),
    fullmatch: (pattern: unknown, text: unknown, ...args: unknown[]) =>
      compile(pattern, last(args, 0, "flags")).fullmatch(text),
    findall: (pattern: unknown, text: unknown, ...args: unknown[]) =>
      compile(pattern, last(args, 0, "flags")).findall(text),
    finditer: (pattern: unknown, text: unknown, ...args: unknown[]) =>
      compile(pattern, last(args, 0, "flags")).finditer(text),
    sub: (
      pattern: unknown,
      replacement: unknown,
      text: unknown,
      ...args: unknown[]
    ) =>
      compile(pattern, last(args, 1, "flags")).sub(
        replacement,
        text,
        last(args, 0, "count"),
      ),
    split: (pattern: unknown, text: unknown, ...args: unknown[]) =>
      compile(pattern, last(args, 1, "flags")).split(
        text,
        last(args, 0, "maxsplit"),
      ),
    escape: (text: unknown) =>
      toText(text, "escape() argument").replace(SPECIAL, "\\$&"),
  };
}
