import type { CallArguments } from "./call-arguments.ts";
import {
  pythonError,
  pythonTypeName,
  stringValue,
  toInteger,
  toText,
} from "./values.ts";

// Python's str methods that search and replace.

/** Python's slice bounds: negative counts from the end, then clamped. */
export function sliceBounds(
  length: number,
  start: unknown,
  end: unknown,
): [number, number] {
  const bound = (value: unknown, fallback: number): number => {
    if (value === undefined || value === null) return fallback;
    const index = toInteger(value, "slice index");
    const absolute = index < 0 ? index + length : index;
    return Math.min(Math.max(absolute, 0), length);
  };
  return [bound(start, 0), bound(end, length)];
}

export function replace(text: string, args: CallArguments): string {
  const old = toText(args.get(0, "old"), "replace() argument 1");
  const replacement = toText(args.get(1, "new"), "replace() argument 2");
  const count = toInteger(args.get(2, "count", -1), "count");
  if (old === "") return insertBetween(text, replacement, count);

  const pieces = text.split(old);
  if (count < 0 || pieces.length - 1 <= count) return pieces.join(replacement);
  const head = pieces.slice(0, count + 1).join(replacement);
  return head + old + pieces.slice(count + 1).join(old);
}

// Python's replace('', x) inserts x before every character and at the end.
function insertBetween(text: string, insert: string, count: number): string {
  const characters = [...text];
  const slots = characters.length + 1;
  const used = count < 0 ? slots : Math.min(count, slots);
  let result = "";
  for (let slot = 0; slot < slots; slot++) {
    if (slot < used) result += insert;
    result += characters[slot] ?? "";
  }
  return result;
}

function affixes(value: unknown, method: string): string[] {
  if (Array.isArray(value)) {
    return value.map((item) => toText(item, `tuple for ${method}`));
  }
  const text = stringValue(value);
  if (text !== undefined) return [text];
  throw pythonError(
    "TypeError",
    `${method} first arg must be str or a tuple of str, not ${pythonTypeName(value)}`,
  );
}

export function matchesAffix(
  text: string,
  args: CallArguments,
  method: string,
  atEnd: boolean,
) {
  const candidates = affixes(args.get(0, "prefix"), method);
  const [start, end] = sliceBounds(
    text.length,
    args.get(1, "start"),
    args.get(2, "end"),
  );
  const window = text.slice(start, end);
  return candidates.some((affix) =>
    atEnd ? window.endsWith(affix) : window.startsWith(affix),
  );
}

export function find(
  text: string,
  args: CallArguments,
  fromRight: boolean,
): number {
  const needle = toText(args.get(0, "sub"), "must be str");
  const [start, end] = sliceBounds(
    text.length,
    args.get(1, "start"),
    args.get(2, "end"),
  );
  if (end - start < needle.length) return -1;
  const window = text.slice(start, end);
  const index = fromRight ? window.lastIndexOf(needle) : window.indexOf(needle);
  return index < 0 ? -1 : index + start;
}

export function index(
  text: string,
  args: CallArguments,
  fromRight: boolean,
): number {
  const found = find(text, args, fromRight);
  if (found < 0) throw pythonError("ValueError", "substring not found");
  return found;
}

export function count(text: string, args: CallArguments): number {
  const needle = toText(args.get(0, "sub"), "must be str");
  const [start, end] = sliceBounds(
    text.length,
    args.get(1, "start"),
    args.get(2, "end"),
  );
  const window = text.slice(start, end);
  if (needle === "") return window.length + 1;
  return window.split(needle).length - 1;
}
