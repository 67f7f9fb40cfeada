import { catchMacroReturn } from "../return.ts";
import { setAttribute } from "../namespace.ts";
import { lookupItem, sliceItems } from "../python/items.ts";
import { lookupMethod } from "../python/method-lookup.ts";
import {
  add,
  concat,
  contains,
  equals,
  modulo,
  multiply,
  subtract,
  truthy,
} from "../python/operators.ts";
import { pythonStr } from "../python/str.ts";
import { makeTuple, stringValue } from "../python/values.ts";
import { RUNTIME_KEY } from "./emit.ts";
import { internals } from "./nunjucks-internals.ts";

/** Converts a value written with `{{ }}` the way Jinja does, with str(). */
function toOutput(value: unknown): unknown {
  if (value === undefined || stringValue(value) !== undefined) return value;
  return pythonStr(value);
}

/** The functions compiled Jinja-mode templates call. */
const helpers = {
  lookupItem,
  lookupMethod,
  sliceItems,
  truthy,
  and: (left: unknown, right: () => unknown) => (truthy(left) ? right() : left),
  or: (left: unknown, right: () => unknown) => (truthy(left) ? left : right()),
  equals,
  contains,
  add,
  subtract,
  multiply,
  modulo,
  concat,
  toOutput,
  makeTuple,
  setAttribute,
  catchMacroReturn,
};

export type HelperName = keyof typeof helpers;

/** Makes the helpers reachable from compiled templates. */
export function installRuntimeHelpers(): void {
  internals.runtime[RUNTIME_KEY] = helpers;
}
