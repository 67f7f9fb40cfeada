import type { CallArguments } from "./call-arguments.ts";
import { compare, equals, truthy } from "./operators.ts";
import { pythonRepr } from "./str.ts";
import { pythonError, stringValue, toInteger } from "./values.ts";

/** A Python `list` method; it mutates the array in place where Python does. */
export type ListMethod = (list: unknown[], args: CallArguments) => unknown;

function position(list: unknown[], value: unknown): number {
  return list.findIndex((item) => equals(item, value));
}

function pop(list: unknown[], args: CallArguments): unknown {
  if (list.length === 0) throw pythonError("IndexError", "pop from empty list");
  const requested = toInteger(args.get(0, "index", -1), "index");
  const index = requested < 0 ? requested + list.length : requested;
  if (index < 0 || index >= list.length) {
    throw pythonError("IndexError", "pop index out of range");
  }
  return list.splice(index, 1)[0];
}

function insert(list: unknown[], args: CallArguments): null {
  const requested = toInteger(args.get(0, "index"), "index");
  const index =
    requested < 0 ? Math.max(0, requested + list.length) : requested;
  list.splice(Math.min(index, list.length), 0, args.get(1, "object"));
  return null;
}

function remove(list: unknown[], args: CallArguments): null {
  const at = position(list, args.get(0, "value"));
  if (at < 0) {
    throw pythonError("ValueError", "list.remove(x): x not in list");
  }
  list.splice(at, 1);
  return null;
}

function index(list: unknown[], args: CallArguments): number {
  const value = args.get(0, "value");
  const start = toInteger(args.get(1, "start", 0), "start");
  const end = toInteger(args.get(2, "stop", list.length), "stop");
  const from = start < 0 ? Math.max(0, start + list.length) : start;
  const to = end < 0 ? end + list.length : Math.min(end, list.length);
  for (let at = from; at < to; at++) {
    if (equals(list[at], value)) return at;
  }
  throw pythonError("ValueError", `${pythonRepr(value)} is not in list`);
}

function extend(list: unknown[], args: CallArguments): null {
  const items = args.get(0, "iterable");
  const text = stringValue(items);
  if (text !== undefined) list.push(...text);
  else if (Array.isArray(items)) list.push(...items);
  else if (typeof items === "object" && items !== null) {
    list.push(...Object.keys(items));
  } else {
    throw pythonError("TypeError", `${pythonRepr(items)} is not iterable`);
  }
  return null;
}

function sort(list: unknown[], args: CallArguments): null {
  const key = args.get(0, "key", null);
  const reverse = truthy(args.get(1, "reverse", false));
  const sortKey = typeof key === "function" ? key : (item: unknown) => item;
  const keyed = list.map((item) => ({ item, key: sortKey(item) as unknown }));

  // Array.prototype.sort is stable, as Python's sort is.
  keyed.sort((a, b) => compare(a.key, b.key) * (reverse ? -1 : 1));
  keyed.forEach((entry, at) => (list[at] = entry.item));
  return null;
}

/** Python's `list` methods by name. */
export const LIST_METHODS: Readonly<Record<string, ListMethod>> = {
  append: (list, args) => {
    list.push(args.get(0, "object"));
    return null;
  },
  extend,
  insert,
  pop,
  remove,
  index,
  count: (list, args) =>
    list.filter((item) => equals(item, args.get(0, "value"))).length,
  copy: (list) => [...list],
  clear: (list) => {
    list.length = 0;
    return null;
  },
  reverse: (list) => {
    list.reverse();
    return null;
  },
  sort,
};
