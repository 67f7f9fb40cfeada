import { formatWithSpec, type FormatSpec } from "./format-spec.ts";
import { pythonRepr, pythonStr } from "./str.ts";
import {
  isMapping,
  isTuple,
  pythonError,
  pythonTypeName,
  stringValue,
} from "./values.ts";

// printf-style formatting: `"%s and %d" % (a, b)`, `"%(name)s" % dict`.
// Only a tuple supplies several values, as in Python; a list is one value.

const CONVERSION =
  /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([diouxXeEfFgGcrsa%])?/gu;

interface Arguments {
  values: unknown[];
  mapping: Record<string, unknown> | undefined;
  next: number;
}

/** Formats `template % args` as Python does. */
export function formatPercent(template: string, args: unknown): string {
  const state: Arguments = {
    values: isTuple(args) ? args : [args],
    mapping: isMapping(args) && !Array.isArray(args) ? args : undefined,
    next: 0,
  };
  let usedMapping = false;

  const result = template.replace(
    CONVERSION,
    (
      _match,
      name?: string,
      flags = "",
      width?: string,
      precision?: string,
      type?: string,
    ) => {
      if (type === undefined) {
        throw pythonError("ValueError", "incomplete format");
      }
      if (type === "%") return "%";
      if (name !== undefined) usedMapping = true;

      const spec = buildSpec(flags, takeCount(state, width), precision, state);
      const value = name === undefined ? takeValue(state) : lookup(state, name);
      return convert(value, type, spec);
    },
  );

  if (!usedMapping && state.mapping === undefined) {
    if (state.next < state.values.length) {
      throw pythonError(
        "TypeError",
        "not all arguments converted during string formatting",
      );
    }
  }
  return result;
}

function takeValue(state: Arguments): unknown {
  if (state.next >= state.values.length) {
    throw pythonError("TypeError", "not enough arguments for format string");
  }
  return state.values[state.next++];
}

function takeCount(state: Arguments, text: string | undefined): number {
  if (text === undefined) return 0;
  if (text !== "*") return Number(text);
  const value = takeValue(state);
  if (typeof value !== "number") {
    throw pythonError("TypeError", "* wants int");
  }
  return value;
}

function lookup(state: Arguments, name: string): unknown {
  if (state.mapping === undefined) {
    throw pythonError("TypeError", "format requires a mapping");
  }
  if (!Object.hasOwn(state.mapping, name)) {
    throw pythonError("KeyError", pythonRepr(name));
  }
  return state.mapping[name];
}

function buildSpec(
  flags: string,
  width: number,
  precision: string | undefined,
  state: Arguments,
): FormatSpec {
  const leftAlign = flags.includes("-") || width < 0;
  return {
    fill: " ",
    align: leftAlign ? "<" : undefined,
    sign: flags.includes("+") ? "+" : flags.includes(" ") ? " " : "-",
    alternate: flags.includes("#"),
    zeroPad: flags.includes("0") && !leftAlign,
    width: Math.abs(width),
    grouping: undefined,
    precision:
      precision === undefined
        ? undefined
        : precision === "*"
          ? takeCount(state, "*")
          : Number(precision || "0"),
    type: undefined,
  };
}

function convert(value: unknown, type: string, spec: FormatSpec): string {
  switch (type) {
    case "s":
      return formatWithSpec(pythonStr(value), {
        ...spec,
        align: spec.align ?? ">",
        sign: "-",
      });
    case "r":
    case "a":
      return formatWithSpec(pythonRepr(value), {
        ...spec,
        align: spec.align ?? ">",
        sign: "-",
      });
    case "c":
      return formatWithSpec(character(value), {
        ...spec,
        align: spec.align ?? ">",
        sign: "-",
      });
    case "d":
    case "i":
    case "u":
      return formatWithSpec(Math.trunc(realNumber(value, type)), {
        ...spec,
        precision: undefined,
        type: "d",
      });
    case "o":
    case "x":
    case "X":
      return formatWithSpec(integer(value, type), {
        ...spec,
        precision: undefined,
        type,
      });
    default:
      return formatWithSpec(realNumber(value, type), { ...spec, type });
  }
}

function realNumber(value: unknown, type: string): number {
  if (typeof value === "number" || typeof value === "boolean") {
    return Number(value);
  }
  const expected = "diu".includes(type)
    ? `%${type} format: a real number is required`
    : "must be real number";
  throw pythonError("TypeError", `${expected}, not ${pythonTypeName(value)}`);
}

function integer(value: unknown, type: string): number {
  if (typeof value === "boolean" || Number.isInteger(value)) {
    return Number(value);
  }
  throw pythonError(
    "TypeError",
    `%${type} format: an integer is required, not ${pythonTypeName(value)}`,
  );
}

function character(value: unknown): string {
  const text = stringValue(value);
  if (text !== undefined && [...text].length === 1) return text;
  if (Number.isInteger(value)) return String.fromCodePoint(value as number);
  throw pythonError("TypeError", "%c requires an int or a unicode character");
}
