import { internals } from "../syntax/nunjucks-internals.ts";
import { CallArguments } from "./call-arguments.ts";
import { DICT_METHODS } from "./dict-methods.ts";
import { LIST_METHODS } from "./list-methods.ts";
import { STRING_METHODS } from "./string-methods.ts";
import { isMapping, stringValue } from "./values.ts";

type Method = (...args: unknown[]) => unknown;

/**
 * Resolves `target.name` for a call, `target.name(...)`. Strings and
 * lists get Python's methods first, because JavaScript's methods of the
 * same name behave differently (`split()`, `replace()`, `pop(0)`). An
 * object gets a dict method only when it has no callable of that name, so
 * an object's own `get` (dbt's `config.get`) keeps working.
 */
export function lookupMethod(target: unknown, name: unknown): unknown {
  if (typeof name === "string") {
    const method = pythonMethod(target, name);
    if (method) return method;
  }
  return internals.runtime.memberLookup(target, name);
}

function pythonMethod(target: unknown, name: string): Method | undefined {
  const text = stringValue(target);
  if (text !== undefined) {
    const method = Object.hasOwn(STRING_METHODS, name)
      ? STRING_METHODS[name]
      : undefined;
    return method && ((...args) => method(text, new CallArguments(args)));
  }
  if (Array.isArray(target)) {
    const method = Object.hasOwn(LIST_METHODS, name)
      ? LIST_METHODS[name]
      : undefined;
    return method && ((...args) => method(target, new CallArguments(args)));
  }
  if (isMapping(target) && typeof target[name] !== "function") {
    const method = Object.hasOwn(DICT_METHODS, name)
      ? DICT_METHODS[name]
      : undefined;
    return method && ((...args) => method(target, new CallArguments(args)));
  }
  return undefined;
}
