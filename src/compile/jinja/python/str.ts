import { dunder, isPlainDict, isTuple, stringValue } from "./values.ts";

/**
 * Converts a value to text the way Python's `str()` does: `None`, `True`,
 * `[1, 'a']`, `{'k': 1}`. Objects with their own `toString` (a relation,
 * for example) keep it.
 */
export function pythonStr(value: unknown): string {
  const text = stringValue(value);
  if (text !== undefined) return text;
  if (value === undefined) return "";

  const custom = dunder(value, "__str__");
  if (custom) return String(custom());
  return pythonRepr(value);
}

/** Converts a value to text the way Python's `repr()` does. */
export function pythonRepr(value: unknown): string {
  const text = stringValue(value);
  if (text !== undefined) return reprString(text);
  if (value === undefined || value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return numberRepr(value);
  if (typeof value === "bigint") return value.toString();
  if (isTuple(value)) return tupleRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (typeof value === "function") return `<function ${value.name}>`;

  const custom = dunder(value, "__repr__");
  if (custom) return String(custom());
  if (isPlainDict(value) && value.toString === Object.prototype.toString) {
    return dictRepr(value);
  }
  return String(value);
}

function tupleRepr(items: unknown[]): string {
  if (items.length === 1) return `(${pythonRepr(items[0])},)`;
  return `(${items.map(pythonRepr).join(", ")})`;
}

function dictRepr(dict: Record<string, unknown>): string {
  const items = Object.entries(dict).map(
    ([key, item]) => `${reprString(key)}: ${pythonRepr(item)}`,
  );
  return `{${items.join(", ")}}`;
}

/** Quotes a string as Python's `repr()` does. */
export function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = "";
  for (const char of text) body += escapeForRepr(char, quote);
  return quote + body + quote;
}

const REPR_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function escapeForRepr(char: string, quote: string): string {
  if (char === quote) return `\\${quote}`;
  const escaped = REPR_ESCAPES[char];
  if (escaped !== undefined) return escaped;

  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
    return `\\x${code.toString(16).padStart(2, "0")}`;
  }
  return char;
}

/**
 * Formats a number as Python prints it. JavaScript has one number type, so
 * an integral value prints as a Python int (`2`, never `2.0`).
 */
export function numberRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (Number.isInteger(value)) {
    return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  }
  return floatRepr(value);
}

/**
 * Python's float repr: the shortest digits that round-trip (as JavaScript
 * computes them), in positional notation for exponents from -4 to 15 and in
 * scientific notation with a two-digit exponent otherwise.
 */
export function floatRepr(value: number): string {
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");

  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const exponentSign = exponent < 0 ? "-" : "+";
    const magnitude = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${digits[0]}${fraction}e${exponentSign}${magnitude}`;
  }
  if (exponent < 0) {
    return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  }
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1) || "0";
  return `${sign}${whole}.${fraction}`;
}
