import { internals } from "../syntax/nunjucks-internals.ts";

/** Optional Python data-model methods a JavaScript object may implement. */
export interface PythonObject {
  __str__?(): string;
  __repr__?(): string;
  __format__?(spec: string): string;
  __bool__?(): boolean;
  __eq__?(other: unknown): boolean;
  __lt__?(other: unknown): boolean | undefined;
  /** Returns undefined when the operand type is not supported. */
  __add__?(other: unknown): unknown;
  __radd__?(other: unknown): unknown;
  __sub__?(other: unknown): unknown;
  __rsub__?(other: unknown): unknown;
  readonly pythonTypeName?: string;
}

/** Returns the Python method `name` of `value`, bound, if it has one. */
export function dunder<K extends keyof PythonObject>(
  value: unknown,
  name: K,
): ((...args: unknown[]) => unknown) | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const method: unknown = (value as Record<string, unknown>)[name];
  if (typeof method !== "function") return undefined;
  return (...args: unknown[]) => method.apply(value, args) as unknown;
}

/** Returns the text of a string or Nunjucks SafeString, else undefined. */
export function stringValue(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value instanceof internals.runtime.SafeString) return value.val;
  // A String object with attributes, such as strata's `country`, is a str.
  if (value instanceof String) return value.valueOf();
  return undefined;
}

const TUPLE = Symbol.for("strata.jinja.tuple");

/** Marks an array as a Python tuple, as a `(a, b)` literal creates one. */
export function makeTuple(items: unknown[]): unknown[] {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}

/** Returns whether an array came from a tuple literal. */
export function isTuple(value: unknown): value is unknown[] {
  return Array.isArray(value) && TUPLE in value;
}

/** Checks for a plain object, as a dict literal, YAML or JSON produces. */
export function isPlainDict(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Any object that is neither a list nor a string. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    stringValue(value) === undefined
  );
}

/** Returns the name Python gives the type of `value`, for error messages. */
export function pythonTypeName(value: unknown): string {
  if (value === undefined) return "Undefined";
  if (value === null) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") {
    return Number.isInteger(value) ? "int" : "float";
  }
  if (stringValue(value) !== undefined) return "str";
  if (Array.isArray(value)) return "list";
  if (typeof value === "function") return "function";
  const named = (value as PythonObject).pythonTypeName;
  if (typeof named === "string") return named;
  return isPlainDict(value) ? "dict" : "object";
}

type PythonErrorName =
  "IndexError" | "KeyError" | "TypeError" | "ValueError" | "ZeroDivisionError";

/**
 * Creates an error named after the Python exception, so that Nunjucks
 * reports it as `KeyError: 'a'`, the way Jinja users read it.
 */
export function pythonError(name: PythonErrorName, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Returns whether `value` is an integer; a bool counts, as in Python. */
export function isInteger(value: unknown): value is number | boolean {
  return typeof value === "boolean" || Number.isInteger(value);
}

/** Converts an integer-like argument, or raises Python's TypeError. */
export function toInteger(value: unknown, description: string): number {
  if (isInteger(value)) return Number(value);
  throw pythonError(
    "TypeError",
    `${description} must be an integer, not ${pythonTypeName(value)}`,
  );
}

/** Converts a string argument, or raises Python's TypeError. */
export function toText(value: unknown, description: string): string {
  const text = stringValue(value);
  if (text !== undefined) return text;
  throw pythonError(
    "TypeError",
    `${description} must be str, not ${pythonTypeName(value)}`,
  );
}

/** Converts an optional string argument; None and undefined give undefined. */
export function toOptionalText(
  value: unknown,
  description: string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  return toText(value, description);
}
