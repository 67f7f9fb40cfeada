import { floatRepr } from "./str.ts";
import { dunder, pythonError, pythonTypeName, stringValue } from "./values.ts";

/** Options of Python's `json.dumps` that templates use. */
export interface JsonOptions {
  /** Spaces (a number) or the text to indent each level with. */
  indent?: number | string | null;
  sortKeys?: boolean;
}

/**
 * Serializes a value as Python's `json.dumps` does: `", "` and `": "`
 * separators, non-ASCII characters escaped, and with `indent` one item per
 * line and no space before a newline.
 */
export function dumpJson(value: unknown, options: JsonOptions = {}): string {
  const indent =
    typeof options.indent === "number"
      ? " ".repeat(options.indent)
      : (options.indent ?? undefined);
  return dump(value, indent, options.sortKeys ?? false, "");
}

function dump(
  value: unknown,
  indent: string | undefined,
  sortKeys: boolean,
  depth: string,
): string {
  const text = stringValue(value);
  if (text !== undefined) return quote(text);
  if (value === undefined || value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberJson(value);

  const inner = indent === undefined ? "" : depth + indent;
  const encode = (item: unknown) => dump(item, indent, sortKeys, inner);
  if (Array.isArray(value))
    return wrap("[", value.map(encode), "]", inner, depth);
  if (typeof value === "object" && !dunder(value, "__str__")) {
    const keys = Object.keys(value);
    if (sortKeys) keys.sort();
    const record = value as Record<string, unknown>;
    const members = keys.map((key) => `${quote(key)}: ${encode(record[key])}`);
    return wrap("{", members, "}", inner, depth);
  }
  throw pythonError(
    "TypeError",
    `Object of type ${pythonTypeName(value)} is not JSON serializable`,
  );
}

function wrap(
  open: string,
  members: string[],
  close: string,
  inner: string,
  depth: string,
): string {
  if (members.length === 0) return open + close;
  if (inner === depth) return open + members.join(", ") + close;
  const lines = members.join(`,\n${inner}`);
  return `${open}\n${inner}${lines}\n${depth}${close}`;
}

function numberJson(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  return Number.isInteger(value) ? String(value) : floatRepr(value);
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

function quote(text: string): string {
  let body = "";
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const code = text.charCodeAt(index);
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) body += short;
    else if (code < 0x20 || code > 0x7e) {
      body += `\\u${code.toString(16).padStart(4, "0")}`;
    } else body += char;
  }
  return `"${body}"`;
}
