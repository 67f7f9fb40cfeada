import { CallArguments } from "../python/call-arguments.ts";
import { compare, equals, truthy } from "../python/operators.ts";
import { formatPercent } from "../python/percent-format.ts";
import { pythonStr } from "../python/str.ts";
import {
  isMapping,
  makeTuple,
  pythonError,
  stringValue,
} from "../python/values.ts";
import { attributeGetter, toList } from "./attribute.ts";

// Jinja filters over sequences and mappings that Nunjucks lacks, or that
// behave differently in Nunjucks.

/** Returns the key min, max and unique compare: an attribute, lowercased. */
function comparisonKey(call: CallArguments): (item: unknown) => unknown {
  const caseSensitive = truthy(call.get(0, "case_sensitive", false));
  const attribute = call.get(1, "attribute", null);
  const getter =
    attribute === null ? (item: unknown) => item : attributeGetter(attribute);
  return (item) => {
    const value = getter(item);
    const text = stringValue(value);
    return text !== undefined && !caseSensitive ? text.toLowerCase() : value;
  };
}

/** Returns the (key, value) pairs of a mapping: `d|items`. */
export function itemsFilter(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (!isMapping(value)) {
    throw pythonError("TypeError", "Can only get item pairs from a mapping.");
  }
  return Object.entries(value).map((pair) => makeTuple(pair));
}

/** Keeps first occurrences: `unique(case_sensitive=False, attribute=None)`. */
export function uniqueFilter(sequence: unknown, ...args: unknown[]): unknown[] {
  const key = comparisonKey(new CallArguments(args));
  const seen: unknown[] = [];
  return toList(sequence).filter((item) => {
    const itemKey = key(item);
    if (seen.some((known) => equals(known, itemKey))) return false;
    seen.push(itemKey);
    return true;
  });
}

function extreme(direction: 1 | -1) {
  return (sequence: unknown, ...args: unknown[]): unknown => {
    const key = comparisonKey(new CallArguments(args));
    let best: unknown = undefined;
    for (const item of toList(sequence)) {
      if (best === undefined || compare(key(item), key(best)) * direction > 0) {
        best = item;
      }
    }
    return best;
  };
}

/** Returns the smallest item, or undefined when there is none. */
export const minFilter = extreme(-1);

/** Returns the largest item, or undefined when there is none. */
export const maxFilter = extreme(1);

/** Converts to a list: characters of a string, keys of a mapping. */
export function listFilter(value: unknown): unknown[] {
  return [...toList(value)];
}

/** Joins items converted with `str()`: `join(d='', attribute=None)`. */
export function joinFilter(sequence: unknown, ...args: unknown[]): string {
  const call = new CallArguments(args);
  const separator = pythonStr(call.get(0, "d", ""));
  const attribute = call.get(1, "attribute", null);
  const getter =
    attribute === null ? (item: unknown) => item : attributeGetter(attribute);
  return toList(sequence)
    .map((item) => pythonStr(getter(item)))
    .join(separator);
}

/** Formats with `%`: `"%s, %s"|format(a, b)` or `"%(a)s"|format(a=1)`. */
export function formatFilter(value: unknown, ...args: unknown[]): string {
  const call = new CallArguments(args);
  const keywords = call.keywordsExcept();
  if (Object.keys(keywords).length > 0) {
    return formatPercent(pythonStr(value), keywords);
  }
  return formatPercent(pythonStr(value), makeTuple([...call.positional]));
}

/** Returns an attribute, never a list item: `attr('name')`. */
export function attrFilter(value: unknown, name: unknown): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as Record<string, unknown>)[String(name)];
}

/** Converts with Python's `str()`. */
export function stringFilter(value: unknown): string {
  return pythonStr(value);
}
