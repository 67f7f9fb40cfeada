import { lookupItem } from "../python/items.ts";
import { CallArguments } from "../python/call-arguments.ts";
import { truthy } from "../python/operators.ts";
import { stringValue } from "../python/values.ts";
import type { TemplateContext } from "../syntax/nunjucks-internals.ts";

/**
 * Reads `attribute` of an item the way Jinja's filters do: a dotted path
 * (`"address.city"`), where a part made of digits is a list index.
 */
export function attributeGetter(
  attribute: unknown,
  fallback?: unknown,
): (item: unknown) => unknown {
  const path = stringValue(attribute);
  const parts =
    path === undefined
      ? [attribute]
      : path
          .split(".")
          .map((part) => (/^\d+$/u.test(part) ? Number(part) : part));
  return (item) => {
    let value = item;
    for (const part of parts) {
      if (value === undefined || value === null) break;
      value = lookupItem(value, part);
    }
    return value === undefined ? fallback : value;
  };
}

/** Returns the items a filter iterates: list items, characters or dict keys. */
export function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  const text = stringValue(value);
  if (text !== undefined) return [...text];
  if (typeof value === "object" && Symbol.iterator in value) {
    return Array.from(value as Iterable<unknown>);
  }
  return Object.keys(value as object);
}

/**
 * Maps every item: `map(attribute='x', default=...)` takes an attribute,
 * and `map('upper')` applies a filter with any further arguments.
 */
export function mapFilter(
  this: TemplateContext,
  sequence: unknown,
  ...args: unknown[]
): unknown[] {
  const call = new CallArguments(args);
  if (call.keywords.has("attribute")) {
    const getter = attributeGetter(
      call.keywords.get("attribute"),
      call.keywords.get("default"),
    );
    return toList(sequence).map(getter);
  }

  const [name, ...filterArgs] = call.positional;
  const filter = this.env.getFilter(String(name));
  const keywords = call.keywordsExcept();
  const extra =
    Object.keys(keywords).length > 0
      ? [...filterArgs, { ...keywords, __keywords: true }]
      : filterArgs;
  return toList(sequence).map((item) => filter.call(this, item, ...extra));
}

function selectByAttribute(expected: boolean) {
  return function (
    this: TemplateContext,
    sequence: unknown,
    attribute: unknown,
    testName?: unknown,
    ...testArgs: unknown[]
  ): unknown[] {
    const getter = attributeGetter(attribute);
    const test =
      testName === undefined
        ? (value: unknown) => truthy(value)
        : (value: unknown) =>
            truthy(
              this.env.getTest(String(testName)).call(this, value, ...testArgs),
            );
    return toList(sequence).filter((item) => test(getter(item)) === expected);
  };
}

/** `selectattr('a')`, `selectattr('a', 'equalto', 1)`. */
export const selectattrFilter = selectByAttribute(true);

/** `rejectattr('a')`, `rejectattr('a', 'defined')`. */
export const rejectattrFilter = selectByAttribute(false);

/** Creates `select('odd')` (or `select()`, truthy items), or `reject`. */
export function selectFilter(expected: boolean) {
  return function (
    this: TemplateContext,
    sequence: unknown,
    testName?: unknown,
    ...testArgs: unknown[]
  ): unknown[] {
    const test = (value: unknown) =>
      testName === undefined
        ? truthy(value)
        : truthy(
            this.env.getTest(String(testName)).call(this, value, ...testArgs),
          );
    return toList(sequence).filter((item) => test(item) === expected);
  };
}
