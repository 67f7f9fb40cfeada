import type nunjucks from "nunjucks";
import { compare, contains, equals, truthy } from "./python/operators.ts";
import { isMapping, stringValue } from "./python/values.ts";
import type { TemplateContext } from "./syntax/nunjucks-internals.ts";

// Jinja's tests (`x is none`, `selectattr('a', 'in', list)`) that Nunjucks
// lacks, or implements with JavaScript equality and truthiness.

function exists(lookup: () => unknown): boolean {
  try {
    lookup();
    return true;
  } catch {
    return false;
  }
}

const orderings = {
  lt: (a: unknown, b: unknown) => compare(a, b) < 0,
  le: (a: unknown, b: unknown) => compare(a, b) <= 0,
  gt: (a: unknown, b: unknown) => compare(a, b) > 0,
  ge: (a: unknown, b: unknown) => compare(a, b) >= 0,
};

const JINJA_TESTS: Record<string, (...args: never[]) => boolean> = {
  none: (value: unknown) => value === null,
  boolean: (value: unknown) => typeof value === "boolean",
  true: (value: unknown) => value === true,
  false: (value: unknown) => value === false,
  integer: (value: unknown) => Number.isInteger(value),
  float: (value: unknown) =>
    typeof value === "number" && !Number.isInteger(value),
  string: (value: unknown) => stringValue(value) !== undefined,
  sequence: (value: unknown) =>
    Array.isArray(value) ||
    stringValue(value) !== undefined ||
    isMapping(value),
  in: (value: unknown, container: unknown) => contains(container, value),
  truthy: (value: unknown) => truthy(value),
  falsy: (value: unknown) => !truthy(value),
  eq: equals,
  equalto: equals,
  "==": equals,
  ne: (a: unknown, b: unknown) => !equals(a, b),
  "!=": (a: unknown, b: unknown) => !equals(a, b),
  ...orderings,
  lessthan: orderings.lt,
  "<": orderings.lt,
  "<=": orderings.le,
  greaterthan: orderings.gt,
  ">": orderings.gt,
  ">=": orderings.ge,
  filter(this: TemplateContext, name: unknown) {
    return exists(() => this.env.getFilter(String(name)));
  },
  test(this: TemplateContext, name: unknown) {
    return exists(() => this.env.getTest(String(name)));
  },
};

/** Adds Jinja's tests to an environment, replacing same-named ones. */
export function addJinjaTests(env: nunjucks.Environment): void {
  const target = env as unknown as {
    addTest(name: string, test: (...args: never[]) => boolean): void;
  };
  for (const [name, test] of Object.entries(JINJA_TESTS)) {
    target.addTest(name, test);
  }
}
