import type { CallArguments } from "./call-arguments.ts";
import { formatString } from "./str-format.ts";
import { count, find, index, matchesAffix, replace } from "./string-search.ts";
import {
  partition,
  rsplit,
  SPACE,
  split,
  splitlines,
  strip,
} from "./string-split.ts";
import {
  pythonError,
  pythonTypeName,
  stringValue,
  toInteger,
  toOptionalText,
  toText,
} from "./values.ts";

/** A Python `str` method: the string and the call's arguments. */
export type StringMethod = (text: string, args: CallArguments) => unknown;

function isCased(char: string): boolean {
  return char.toLowerCase() !== char.toUpperCase();
}

function title(text: string): string {
  let previousCased = false;
  let result = "";
  for (const char of text) {
    const cased = isCased(char);
    result += cased && !previousCased ? char.toUpperCase() : char.toLowerCase();
    previousCased = cased;
  }
  return result;
}

function capitalize(text: string): string {
  const [first = "", ...rest] = [...text];
  return first.toUpperCase() + rest.join("").toLowerCase();
}

function fillCharacter(args: CallArguments, index: number): string {
  const fill = toText(args.get(index, "fillchar", " "), "fillchar");
  if ([...fill].length !== 1) {
    throw pythonError(
      "TypeError",
      "The fill character must be exactly one character long",
    );
  }
  return fill;
}

function justify(text: string, args: CallArguments, align: "<" | ">" | "^") {
  const width = toInteger(args.get(0, "width"), "width");
  const fill = fillCharacter(args, 1);
  const missing = width - [...text].length;
  if (missing <= 0) return text;
  if (align === "<") return text + fill.repeat(missing);
  if (align === ">") return fill.repeat(missing) + text;

  // CPython's rule: the extra character goes left when the width is odd.
  const left = Math.floor(missing / 2) + (missing & width & 1);
  return fill.repeat(left) + text + fill.repeat(missing - left);
}

function zfill(text: string, args: CallArguments): string {
  const width = toInteger(args.get(0, "width"), "width");
  const missing = width - text.length;
  if (missing <= 0) return text;
  const sign = text.startsWith("+") || text.startsWith("-") ? text[0]! : "";
  return sign + "0".repeat(missing) + text.slice(sign.length);
}

function join(separator: string, args: CallArguments): string {
  const iterable = args.get(0, "iterable");
  const text = stringValue(iterable);
  const items: unknown[] =
    text !== undefined
      ? [...text]
      : Array.isArray(iterable)
        ? iterable
        : typeof iterable === "object" && iterable !== null
          ? Object.keys(iterable)
          : [];
  return items
    .map((item, position) => {
      const value = stringValue(item);
      if (value !== undefined) return value;
      throw pythonError(
        "TypeError",
        `sequence item ${position}: expected str instance, ${pythonTypeName(item)} found`,
      );
    })
    .join(separator);
}

function test(pattern: RegExp): StringMethod {
  return (text) => text !== "" && pattern.test(text);
}

function caseTest(text: string, upper: boolean): boolean {
  const cased = [...text].filter(isCased);
  if (cased.length === 0) return false;
  return cased.every((char) =>
    upper ? char === char.toUpperCase() : char === char.toLowerCase(),
  );
}

/** Python's `str` methods by name; `format` lives in str-format.ts. */
export const STRING_METHODS: Readonly<Record<string, StringMethod>> = {
  upper: (text) => text.toUpperCase(),
  lower: (text) => text.toLowerCase(),
  casefold: (text) => text.toLowerCase(),
  swapcase: (text) =>
    [...text]
      .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
      .join(""),
  title,
  capitalize,
  strip: (text, args) =>
    strip(text, toOptionalText(args.get(0, "chars"), "chars"), ""),
  lstrip: (text, args) =>
    strip(text, toOptionalText(args.get(0, "chars"), "chars"), "l"),
  rstrip: (text, args) =>
    strip(text, toOptionalText(args.get(0, "chars"), "chars"), "r"),
  split,
  rsplit,
  splitlines,
  replace,
  startswith: (text, args) => matchesAffix(text, args, "startswith", false),
  endswith: (text, args) => matchesAffix(text, args, "endswith", true),
  removeprefix: (text, args) => {
    const prefix = toText(args.get(0, "prefix"), "prefix");
    return text.startsWith(prefix) ? text.slice(prefix.length) : text;
  },
  removesuffix: (text, args) => {
    const suffix = toText(args.get(0, "suffix"), "suffix");
    return suffix !== "" && text.endsWith(suffix)
      ? text.slice(0, -suffix.length)
      : text;
  },
  find: (text, args) => find(text, args, false),
  rfind: (text, args) => find(text, args, true),
  index: (text, args) => index(text, args, false),
  rindex: (text, args) => index(text, args, true),
  count,
  join,
  format: (text, args) => formatString(text, args),
  zfill,
  ljust: (text, args) => justify(text, args, "<"),
  rjust: (text, args) => justify(text, args, ">"),
  center: (text, args) => justify(text, args, "^"),
  partition: (text, args) => partition(text, args, false),
  rpartition: (text, args) => partition(text, args, true),
  isdigit: test(/^\p{Nd}+$/u),
  isdecimal: test(/^\p{Nd}+$/u),
  isnumeric: test(/^\p{N}+$/u),
  isalpha: test(/^\p{L}+$/u),
  isalnum: test(/^[\p{L}\p{N}]+$/u),
  isspace: test(new RegExp(`^[${SPACE}]+$`, "u")),
  isupper: (text) => caseTest(text, true),
  islower: (text) => caseTest(text, false),
  istitle: (text) => text === title(text) && [...text].some(isCased),
};
