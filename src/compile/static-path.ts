/**
 * A fast path for templates whose only Nunjucks syntax is `{{ ... }}` calls
 * with literal arguments of `ref`, `source`, `config`, `var` and the
 * project's macros. Such a template renders to its text with each call
 * replaced by the function's result, so strata calls the same functions
 * directly and skips Nunjucks' lexer, parser and code generator, which cost
 * most of a compile. Any other syntax (tags, comments, filters, whitespace
 * control, dotted names) makes `parseStaticTemplate` return undefined. A
 * call of any other name makes the renderer return undefined. In both
 * cases the caller renders with Nunjucks.
 */
import { pythonStr } from "./jinja/python/str.ts";
import type { RenderScope } from "./render-scope.ts";

/** The functions the fast path may call, as Nunjucks globals name them. */
export const staticFunctions = ["ref", "source", "config", "var"] as const;

type Literal =
  string | number | boolean | null | Literal[] | { [key: string]: Literal };

interface Call {
  /** One of `staticFunctions`, or a name that may be a macro. */
  readonly name: string;
  readonly args: readonly Literal[];
  /** Keyword arguments in source order; none when the call has none. */
  readonly keywords?: Readonly<Record<string, Literal>>;
}

/** Literal text and calls, in template order. */
export type StaticTemplate = readonly (string | Call)[];

/**
 * Splits a template into text and calls, or returns undefined when it uses
 * anything but the static calls.
 */
export function parseStaticTemplate(text: string): StaticTemplate | undefined {
  if (text.includes("{%") || text.includes("{#")) return undefined;
  const parts: (string | Call)[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf("{{", position);
    if (open === -1) {
      parts.push(text.slice(position));
      break;
    }
    if (open > position) parts.push(text.slice(position, open));
    const parser = new ExpressionParser(text, open + 2);
    const call = parser.parseCall();
    if (!call) return undefined;
    // Nunjucks ends the tag at the first `}}` outside a string, so a nested
    // dict closing with `}}` is a syntax error there: leave it to Nunjucks.
    if (text.slice(open + 2, parser.position - 2).includes("}}")) {
      return undefined;
    }
    parts.push(call);
    position = parser.position;
  }
  return parts;
}

/**
 * Renders a parsed static template by calling the functions `functionOf`
 * gives for its calls, or returns undefined before calling any when one of
 * its names has none. A template is rendered once: the literals are passed
 * on as parsed, not copied. Values are written as strata's Jinja mode writes
 * `{{ }}`: strings as they are, undefined as nothing, anything else with
 * Python's str(), so that false renders as `False` and null as `None`.
 */
export function renderStaticTemplate(
  template: StaticTemplate,
  functionOf: (name: string) => ((...args: unknown[]) => unknown) | undefined,
): string | undefined {
  const calls: ((...args: unknown[]) => unknown)[] = [];
  for (const part of template) {
    if (typeof part === "string") continue;
    const call = functionOf(part.name);
    if (call === undefined) return undefined;
    calls.push(call);
  }
  let output = "";
  let next = 0;
  for (const part of template) {
    if (typeof part === "string") {
      output += part;
      continue;
    }
    const args: unknown[] = [...part.args];
    if (part.keywords) {
      // Nunjucks passes keyword arguments as a trailing object marked with
      // `__keywords`, after the positional ones.
      args.push({ ...part.keywords, __keywords: true });
    }
    const value = calls[next++]!(...args);
    output += pythonStr(value);
  }
  return output;
}

const identifier = /[A-Za-z_][A-Za-z0-9_]*/y;
const number = /[0-9]+(?:\.[0-9]+)?/y;
/** The characters Nunjucks 3.2.4's lexer skips as whitespace in a tag. */
const whitespace = " \n\t\r\u00a0";
/**
 * Names Nunjucks' parser reads as the `not` operator or as a literal, so
 * that neither a call nor a keyword argument of that name is parsed.
 */
const nunjucksKeywords = new Set(["not", "true", "false", "none", "null"]);

/** A recursive-descent reader of one `{{ call(...) }}` expression. */
class ExpressionParser {
  constructor(
    private readonly text: string,
    public position: number,
  ) {}

  parseCall(): Call | undefined {
    this.skipSpace();
    if (this.text[this.position] === "-") return undefined;
    const name = this.readIdentifier();
    // Nunjucks looks a name up in the render context before the globals.
    // That context is a plain object, so `valueOf` finds Object.prototype's
    // member, never a macro of that name.
    if (!name || nunjucksKeywords.has(name) || name in Object.prototype) {
      return undefined;
    }
    this.skipSpace();
    if (!this.consume("(")) return undefined;
    const call = this.parseArguments(name);
    if (!call) return undefined;
    this.skipSpace();
    if (!this.text.startsWith("}}", this.position)) return undefined;
    this.position += 2;
    return call;
  }

  private parseArguments(name: string): Call | undefined {
    const args: Literal[] = [];
    let keywords: Record<string, Literal> | undefined;
    this.skipSpace();
    if (this.consume(")")) return { name, args };
    for (;;) {
      this.skipSpace();
      const keyword = this.peekKeyword();
      if (keyword) {
        const value = this.parseLiteral();
        if (value === undefined) return undefined;
        keywords ??= {};
        keywords[keyword] = value;
      } else {
        // A positional argument after a keyword one is left to Nunjucks.
        if (keywords) return undefined;
        const value = this.parseLiteral();
        if (value === undefined) return undefined;
        args.push(value);
      }
      this.skipSpace();
      if (this.consume(")")) return { name, args, keywords };
      if (!this.consume(",")) return undefined;
    }
  }

  /** Reads `name =` (not `==`) and returns the name, or leaves the input. */
  private peekKeyword(): string | undefined {
    const start = this.position;
    const name = this.readIdentifier();
    if (name && !nunjucksKeywords.has(name)) {
      this.skipSpace();
      if (
        this.text[this.position] === "=" &&
        this.text[this.position + 1] !== "="
      ) {
        this.position += 1;
        this.skipSpace();
        return name;
      }
    }
    this.position = start;
    return undefined;
  }

  private parseLiteral(): Literal | undefined {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === "'" || char === '"') return this.parseString(char);
    if (char === "[") return this.parseList();
    if (char === "{") return this.parseDict();
    number.lastIndex = this.position;
    const digits = number.exec(this.text);
    if (digits) {
      this.position += digits[0].length;
      return Number(digits[0]);
    }
    const word = this.readIdentifier();
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "none") return null;
    return undefined;
  }

  private parseString(quote: string): string | undefined {
    const end = this.text.indexOf(quote, this.position + 1);
    if (end === -1) return undefined;
    const value = this.text.slice(this.position + 1, end);
    // Strings with escapes or line breaks are left to Nunjucks.
    if (/[\\\n]/.test(value)) return undefined;
    this.position = end + 1;
    return value;
  }

  private parseList(): Literal[] | undefined {
    this.position += 1;
    const items: Literal[] = [];
    this.skipSpace();
    if (this.consume("]")) return items;
    for (;;) {
      const item = this.parseLiteral();
      if (item === undefined) return undefined;
      items.push(item);
      this.skipSpace();
      if (this.consume("]")) return items;
      if (!this.consume(",")) return undefined;
    }
  }

  private parseDict(): Record<string, Literal> | undefined {
    this.position += 1;
    const entries: Record<string, Literal> = {};
    this.skipSpace();
    if (this.consume("}")) return entries;
    for (;;) {
      this.skipSpace();
      const quote = this.text[this.position];
      if (quote !== "'" && quote !== '"') return undefined;
      const key = this.parseString(quote);
      if (key === undefined) return undefined;
      this.skipSpace();
      if (!this.consume(":")) return undefined;
      const value = this.parseLiteral();
      if (value === undefined) return undefined;
      entries[key] = value;
      this.skipSpace();
      if (this.consume("}")) return entries;
      if (!this.consume(",")) return undefined;
    }
  }

  private readIdentifier(): string | undefined {
    identifier.lastIndex = this.position;
    const match = identifier.exec(this.text);
    if (!match) return undefined;
    this.position += match[0].length;
    return match[0];
  }

  private skipSpace(): void {
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined || !whitespace.includes(char)) return;
      this.position += 1;
    }
  }

  private consume(char: string): boolean {
    if (this.text[this.position] !== char) return false;
    this.position += 1;
    return true;
  }
}

/**
 * Returns a renderer that takes the fast path where it can: it returns the
 * rendered text, or undefined when the template needs Nunjucks. `macroOf`
 * returns the macro registered under a name. Without it, a template that
 * calls anything but the static functions goes to Nunjucks. A call that throws (an unknown
 * ref, say) also returns undefined after undoing what the template recorded
 * in its scope, so that Nunjucks renders it again and reports the error
 * with its line and column as before. A macro that logged before it threw
 * then logs twice.
 */
export function staticRenderer(
  globals: Readonly<Record<string, unknown>>,
  macroOf: (
    name: string,
  ) => ((...args: unknown[]) => unknown) | undefined = () => undefined,
): (scope: RenderScope, template: string) => string | undefined {
  const functions = new Map(
    staticFunctions.map((name) => [
      name as string,
      globals[name] as (...args: unknown[]) => unknown,
    ]),
  );
  const functionOf = (name: string) => functions.get(name) ?? macroOf(name);
  return (scope, template) => {
    const parsed = parseStaticTemplate(template);
    if (!parsed) return undefined;
    try {
      return renderStaticTemplate(parsed, functionOf);
    } catch {
      scope.refs.clear();
      scope.sources.clear();
      for (const key of Object.keys(scope.config)) delete scope.config[key];
      scope.raised = undefined;
      return undefined;
    }
  };
}
