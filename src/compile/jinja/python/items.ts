import { internals } from "../syntax/nunjucks-internals.ts";
import {
  isTuple,
  makeTuple,
  pythonError,
  pythonTypeName,
  stringValue,
  toInteger,
} from "./values.ts";

/** `target[key]` and `target.key`, with Python's negative indexes. */
export function lookupItem(target: unknown, key: unknown): unknown {
  const text = stringValue(target);
  const sequence = text ?? (Array.isArray(target) ? target : undefined);
  if (sequence !== undefined && Number.isInteger(key)) {
    return sequence.at(key as number);
  }

  const value = internals.runtime.memberLookup(target, key);
  const original = (target as Record<string, unknown> | null)?.[String(key)];
  if (typeof value === "function" && typeof original === "function") {
    // Nunjucks binds a looked-up function to its object with a wrapper;
    // inheriting from the function keeps its own members reachable, as
    // in `modules.datetime.datetime.now()`.
    Object.setPrototypeOf(value, original);
  }
  return value;
}

/** `target[start:stop:step]` on a string, list or tuple. */
export function sliceItems(
  target: unknown,
  start: unknown,
  stop: unknown,
  step: unknown,
): unknown {
  const text = stringValue(target);
  if (text === undefined && !Array.isArray(target)) {
    throw pythonError(
      "TypeError",
      `'${pythonTypeName(target)}' object is not subscriptable`,
    );
  }
  const items: unknown[] =
    text === undefined ? (target as unknown[]) : [...text];
  const picked = pick(items, start, stop, step);
  if (text !== undefined) return picked.join("");
  return isTuple(target) ? makeTuple(picked) : picked;
}

function pick(
  items: unknown[],
  start: unknown,
  stop: unknown,
  step: unknown,
): unknown[] {
  const stride = isNone(step) ? 1 : toInteger(step, "slice step");
  if (stride === 0)
    throw pythonError("ValueError", "slice step cannot be zero");

  const length = items.length;
  const lowest = stride > 0 ? 0 : -1;
  const highest = stride > 0 ? length : length - 1;
  const bound = (value: unknown, fallback: number): number => {
    if (isNone(value)) return fallback;
    const index = toInteger(value, "slice indices");
    const absolute = index < 0 ? index + length : index;
    return Math.min(Math.max(absolute, lowest), highest);
  };

  const from = bound(start, stride > 0 ? 0 : length - 1);
  const to = bound(stop, stride > 0 ? length : -1);
  const picked: unknown[] = [];
  for (let at = from; stride > 0 ? at < to : at > to; at += stride) {
    picked.push(items[at]);
  }
  return picked;
}

function isNone(value: unknown): boolean {
  return value === undefined || value === null;
}
