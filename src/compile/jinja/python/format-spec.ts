import { floatRepr, pythonStr } from "./str.ts";
import { dunder, pythonError, pythonTypeName, stringValue } from "./values.ts";

/** A parsed Python format specification (`[[fill]align][sign][#][0]...`). */
export interface FormatSpec {
  fill: string;
  align: "<" | ">" | "=" | "^" | undefined;
  sign: "-" | "+" | " ";
  alternate: boolean;
  zeroPad: boolean;
  width: number;
  grouping: "," | "_" | undefined;
  precision: number | undefined;
  type: string | undefined;
}

const SPEC_PATTERN =
  /^(?:(.)?([<>=^]))?([-+ ])?z?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

/** Parses a format specification, or raises Python's ValueError. */
export function parseFormatSpec(spec: string): FormatSpec {
  const match = SPEC_PATTERN.exec(spec);
  if (!match) throw pythonError("ValueError", "Invalid format specifier");
  const [, fill, align, sign, alternate, zero, width, grouping] = match;
  const [precision, type] = [match[8], match[9]];
  return {
    fill: fill ?? " ",
    align: align as FormatSpec["align"],
    sign: (sign ?? "-") as FormatSpec["sign"],
    alternate: alternate !== undefined,
    zeroPad: zero !== undefined,
    width: width === undefined ? 0 : Number(width),
    grouping: grouping as FormatSpec["grouping"],
    precision: precision === undefined ? undefined : Number(precision),
    type,
  };
}

/** Formats a value as Python's `format(value, spec)` does. */
export function formatValue(value: unknown, spec: string): string {
  const custom = dunder(value, "__format__");
  if (custom) return String(custom(spec));
  if (spec === "") return pythonStr(value);
  return formatWithSpec(value, parseFormatSpec(spec));
}

const NUMBER_TYPES = "bcdeEfFgGnoxX%";

/** Formats a value with a parsed specification. */
export function formatWithSpec(value: unknown, spec: FormatSpec): string {
  const text = stringValue(value);
  const numericType =
    spec.type !== undefined && NUMBER_TYPES.includes(spec.type);
  if (
    typeof value === "number" ||
    (typeof value === "boolean" && numericType)
  ) {
    return formatNumber(Number(value), spec);
  }
  if (text !== undefined || typeof value === "boolean") {
    return formatText(text ?? pythonStr(value), spec);
  }
  throw pythonError(
    "TypeError",
    `unsupported format string passed to ${pythonTypeName(value)}.__format__`,
  );
}

function formatText(text: string, spec: FormatSpec): string {
  if (spec.type !== undefined && spec.type !== "s") {
    throw unknownCode(spec.type, "str");
  }
  if (spec.sign !== "-" || spec.align === "=") {
    throw pythonError(
      "ValueError",
      "Sign not allowed in string format specifier",
    );
  }
  const body =
    spec.precision === undefined ? text : text.slice(0, spec.precision);
  return pad("", body, spec, "<");
}

function unknownCode(type: string, typeName: string): Error {
  return pythonError(
    "ValueError",
    `Unknown format code '${type}' for object of type '${typeName}'`,
  );
}

function formatNumber(value: number, spec: FormatSpec): string {
  const integral = Number.isInteger(value);
  const type = spec.type ?? (integral ? "d" : undefined);
  if (type !== undefined && "bcdnoxX".includes(type) && !integral) {
    throw unknownCode(type, "float");
  }
  if (type === "s") throw unknownCode(type, integral ? "int" : "float");

  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  let body = numberBody(magnitude, type, spec);
  if (spec.grouping) body = group(body, spec.grouping, type);

  let sign = spec.sign === "-" ? "" : spec.sign;
  if (negative) sign = "-";
  const prefix = spec.alternate ? alternatePrefix(type) : "";
  return pad(sign + prefix, body, spec, ">");
}

function numberBody(
  magnitude: number,
  type: string | undefined,
  spec: FormatSpec,
): string {
  if (!Number.isFinite(magnitude)) {
    const word = Number.isNaN(magnitude) ? "nan" : "inf";
    return type !== undefined && "EFG".includes(type)
      ? word.toUpperCase()
      : word;
  }
  const precision = spec.precision;
  switch (type) {
    case "d":
    case "n":
      return integerDigits(magnitude, 10);
    case "b":
      return integerDigits(magnitude, 2);
    case "o":
      return integerDigits(magnitude, 8);
    case "x":
      return integerDigits(magnitude, 16);
    case "X":
      return integerDigits(magnitude, 16).toUpperCase();
    case "c":
      return String.fromCodePoint(magnitude);
    case "f":
    case "F":
      return fixedPoint(magnitude, precision ?? 6, spec.alternate);
    case "e":
    case "E":
      return exponential(magnitude, precision ?? 6, type === "E");
    case "g":
    case "G":
      return general(magnitude, precision ?? 6, spec.alternate, type === "G");
    case "%":
      return `${fixedPoint(magnitude * 100, precision ?? 6, spec.alternate)}%`;
    default:
      if (precision === undefined) return floatRepr(magnitude);
      return general(magnitude, precision, spec.alternate, false);
  }
}

function integerDigits(magnitude: number, radix: number): string {
  if (magnitude < Number.MAX_SAFE_INTEGER) return magnitude.toString(radix);
  return BigInt(magnitude).toString(radix);
}

function alternatePrefix(type: string | undefined): string {
  switch (type) {
    case "b":
      return "0b";
    case "o":
      return "0o";
    case "x":
      return "0x";
    case "X":
      return "0X";
    default:
      return "";
  }
}

/**
 * Fixed-point digits of a non-negative number. JavaScript's toFixed rounds
 * an exact tie up (0.125 gives 0.13); Python rounds it to even (0.12), so
 * ties are detected from a longer expansion and corrected.
 */
export function toFixedHalfEven(magnitude: number, digits: number): string {
  if (magnitude >= 1e21) {
    const whole = BigInt(magnitude).toString();
    return digits > 0 ? `${whole}.${"0".repeat(digits)}` : whole;
  }
  const rounded = magnitude.toFixed(digits);
  const extra = Math.min(25, 100 - digits);
  if (extra <= 0) return rounded;

  const longer = magnitude.toFixed(digits + extra);
  const tail = longer.slice(longer.length - extra);
  if (tail !== `5${"0".repeat(extra - 1)}`) return rounded;

  const truncated = longer.slice(0, longer.length - extra).replace(/\.$/u, "");
  const lastDigit = Number(truncated.replace(".", "").slice(-1));
  return lastDigit % 2 === 0 ? truncated : rounded;
}

function fixedPoint(magnitude: number, digits: number, alternate: boolean) {
  const text = toFixedHalfEven(magnitude, digits);
  return alternate && digits === 0 ? `${text}.` : text;
}

function exponential(magnitude: number, digits: number, upper: boolean) {
  const [mantissa = "", exponent = "0"] = magnitude
    .toExponential(digits)
    .split("e");
  const power = Number(exponent);
  const sign = power < 0 ? "-" : "+";
  const text = `${mantissa}e${sign}${String(Math.abs(power)).padStart(2, "0")}`;
  return upper ? text.toUpperCase() : text;
}

function general(
  magnitude: number,
  precision: number,
  alternate: boolean,
  upper: boolean,
): string {
  const significant = precision === 0 ? 1 : precision;
  const power =
    magnitude === 0
      ? 0
      : Number(magnitude.toExponential(significant - 1).split("e")[1]);

  const text =
    power >= -4 && power < significant
      ? toFixedHalfEven(magnitude, significant - 1 - power)
      : exponential(magnitude, significant - 1, upper);
  return alternate ? text : stripZeros(text);
}

function stripZeros(text: string): string {
  const [mantissa = "", exponent] = text.split(/(?=[eE])/u);
  const stripped = mantissa.includes(".")
    ? mantissa.replace(/0+$/u, "").replace(/\.$/u, "")
    : mantissa;
  return stripped + (exponent ?? "");
}

function group(body: string, separator: string, type: string | undefined) {
  const size = type !== undefined && "boxX".includes(type) ? 4 : 3;
  const match = /^(\d+)(.*)$/su.exec(body);
  if (!match) return body;
  const [, digits = "", rest = ""] = match;
  const pattern = new RegExp(`\\B(?=(\\d{${size}})+$)`, "gu");
  return digits.replace(pattern, separator) + rest;
}

function pad(
  prefix: string,
  body: string,
  spec: FormatSpec,
  defaultAlign: "<" | ">",
): string {
  const zeroPadded = spec.zeroPad && spec.align === undefined;
  const align = zeroPadded ? "=" : (spec.align ?? defaultAlign);
  const fill = zeroPadded ? "0" : spec.fill;
  const missing = spec.width - prefix.length - [...body].length;
  if (missing <= 0) return prefix + body;

  switch (align) {
    case "<":
      return prefix + body + fill.repeat(missing);
    case "^": {
      const left = Math.floor(missing / 2);
      return fill.repeat(left) + prefix + body + fill.repeat(missing - left);
    }
    case "=":
      return prefix + fill.repeat(missing) + body;
    default:
      return fill.repeat(missing) + prefix + body;
  }
}
