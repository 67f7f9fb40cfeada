import type { CallArguments } from "./call-arguments.ts";
import { pythonRepr } from "./str.ts";
import { isMapping, makeTuple, pythonError, stringValue } from "./values.ts";

/** A Python `dict` method over a JavaScript object's own keys. */
export type DictMethod = (
  dict: Record<string, unknown>,
  args: CallArguments,
) => unknown;

function keyOf(value: unknown): string {
  return stringValue(value) ?? String(value);
}

function missing(key: unknown): Error {
  return pythonError("KeyError", pythonRepr(key));
}

function update(dict: Record<string, unknown>, args: CallArguments): null {
  const other = args.positional[0];
  if (Array.isArray(other)) {
    for (const pair of other) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw pythonError(
          "ValueError",
          "dictionary update sequence element has the wrong length; 2 is required",
        );
      }
      dict[keyOf(pair[0])] = pair[1];
    }
  } else if (isMapping(other)) {
    Object.assign(dict, other);
  } else if (other !== undefined && other !== null) {
    throw pythonError("TypeError", `${pythonRepr(other)} is not a mapping`);
  }
  Object.assign(dict, args.keywordsExcept());
  return null;
}

function pop(dict: Record<string, unknown>, args: CallArguments): unknown {
  const key = keyOf(args.get(0, "key"));
  if (Object.hasOwn(dict, key)) {
    const value = dict[key];
    delete dict[key];
    return value;
  }
  if (args.has(1, "default")) return args.get(1, "default");
  throw missing(key);
}

function popitem(dict: Record<string, unknown>): unknown[] {
  const key = Object.keys(dict).at(-1);
  if (key === undefined) {
    throw pythonError("KeyError", "'popitem(): dictionary is empty'");
  }
  const value = dict[key];
  delete dict[key];
  return makeTuple([key, value]);
}

function setdefault(dict: Record<string, unknown>, args: CallArguments) {
  const key = keyOf(args.get(0, "key"));
  if (!Object.hasOwn(dict, key)) dict[key] = args.get(1, "default", null);
  return dict[key];
}

/** Python's `dict` methods by name. */
export const DICT_METHODS: Readonly<Record<string, DictMethod>> = {
  items: (dict) => Object.entries(dict).map((pair) => makeTuple(pair)),
  keys: (dict) => Object.keys(dict),
  values: (dict) => Object.values(dict),
  get: (dict, args) => {
    const key = keyOf(args.get(0, "key"));
    return Object.hasOwn(dict, key) ? dict[key] : args.get(1, "default", null);
  },
  update,
  pop,
  popitem,
  setdefault,
  copy: (dict) => ({ ...dict }),
  clear: (dict) => {
    for (const key of Object.keys(dict)) delete dict[key];
    return null;
  },
};
