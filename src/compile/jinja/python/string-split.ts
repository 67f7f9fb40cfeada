import { CallArguments } from "./call-arguments.ts";
import {
  makeTuple,
  pythonError,
  toInteger,
  toOptionalText,
  toText,
} from "./values.ts";

// Python's str methods that strip and split.

// The characters Python's str.isspace() and str.split() treat as space.
export const SPACE =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const LEADING_SPACE = new RegExp(`^[${SPACE}]+`, "u");
const TRAILING_SPACE = new RegExp(`[${SPACE}]+$`, "u");
const SPACE_RUN = new RegExp(`[${SPACE}]+`, "u");

// The line boundaries of Python's str.splitlines().
const LINE_BREAKS = "\\n\\r\\v\\f\\x1c-\\x1e\\x85\\u2028\\u2029";

/** Python's strip, lstrip (side "l") and rstrip (side "r"). */
export function strip(
  text: string,
  chars: string | undefined,
  side: "l" | "r" | "",
) {
  if (chars === undefined) {
    let result = text;
    if (side !== "r") result = result.replace(LEADING_SPACE, "");
    if (side !== "l") result = result.replace(TRAILING_SPACE, "");
    return result;
  }
  const remove = new Set(chars);
  const characters = [...text];
  let start = 0;
  let end = characters.length;
  if (side !== "r")
    while (start < end && remove.has(characters[start]!)) start++;
  if (side !== "l")
    while (end > start && remove.has(characters[end - 1]!)) end--;
  return characters.slice(start, end).join("");
}

function splitOnSpace(text: string, maxsplit: number): string[] {
  const parts: string[] = [];
  let rest = text.replace(LEADING_SPACE, "");
  while (rest !== "") {
    if (maxsplit >= 0 && parts.length === maxsplit) {
      parts.push(rest);
      break;
    }
    const match = SPACE_RUN.exec(rest);
    if (!match) {
      parts.push(rest);
      break;
    }
    parts.push(rest.slice(0, match.index));
    rest = rest.slice(match.index + match[0].length);
  }
  return parts;
}

export function split(text: string, args: CallArguments): string[] {
  const separator = toOptionalText(args.get(0, "sep"), "sep");
  const maxsplit = toInteger(args.get(1, "maxsplit", -1), "maxsplit");
  if (separator === undefined) return splitOnSpace(text, maxsplit);
  if (separator === "") throw pythonError("ValueError", "empty separator");

  const parts = text.split(separator);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(separator)];
}

export function rsplit(text: string, args: CallArguments): string[] {
  const separator = toOptionalText(args.get(0, "sep"), "sep");
  const maxsplit = toInteger(args.get(1, "maxsplit", -1), "maxsplit");
  if (maxsplit < 0) return split(text, new CallArguments([separator ?? null]));

  const reverse = (value: string) => [...value].reverse().join("");
  const reversedSeparator = separator === undefined ? null : reverse(separator);
  const parts = split(
    reverse(text),
    new CallArguments([reversedSeparator, maxsplit]),
  );
  return parts.map(reverse).reverse();
}

export function partition(
  text: string,
  args: CallArguments,
  fromRight: boolean,
) {
  const separator = toText(args.get(0, "sep"), "must be str");
  if (separator === "") throw pythonError("ValueError", "empty separator");
  const at = fromRight ? text.lastIndexOf(separator) : text.indexOf(separator);
  if (at < 0) return makeTuple(fromRight ? ["", "", text] : [text, "", ""]);
  return makeTuple([
    text.slice(0, at),
    separator,
    text.slice(at + separator.length),
  ]);
}

export function splitlines(text: string, args: CallArguments): string[] {
  const keepEnds = Boolean(args.get(0, "keepends", false));
  const pattern = new RegExp(
    `[^${LINE_BREAKS}]*(\\r\\n|[${LINE_BREAKS}])?`,
    "gu",
  );
  const lines: string[] = [];
  for (const match of text.matchAll(pattern)) {
    if (match[0] === "") break;
    const ending = match[1] ?? "";
    lines.push(
      keepEnds ? match[0] : match[0].slice(0, match[0].length - ending.length),
    );
  }
  return lines;
}
