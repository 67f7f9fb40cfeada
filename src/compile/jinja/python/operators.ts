import { formatPercent } from "./percent-format.ts";
import { pythonStr } from "./str.ts";
import {
  dunder,
  isInteger,
  isPlainDict,
  pythonError,
  pythonTypeName,
  stringValue,
} from "./values.ts";

// Python semantics for the template operators. Nunjucks compiles them to
// the JavaScript operators, which differ: `[]` is true, `[1] + [2]` is
// "12", `"%s" % x` is NaN, `[1] == [1]` is false.

function isNumeric(value: unknown): value is number | boolean {
  return typeof value === "number" || typeof value === "boolean";
}

/** Python's `bool(value)`: empty strings, lists and dicts are false. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;

  const text = stringValue(value);
  if (text !== undefined) return text.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  const custom = dunder(value, "__bool__");
  if (custom) return Boolean(custom());
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  if (isPlainDict(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Python's `==`: lists and dicts compare by value, `1 == '1'` is false. */
export function equals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (isNumeric(left) && isNumeric(right)) {
    return Number(left) === Number(right);
  }

  const leftText = stringValue(left);
  const rightText = stringValue(right);
  if (leftText !== undefined || rightText !== undefined) {
    return leftText === rightText;
  }
  if (Array.isArray(left) && Array.isArray(right)) {
    return (
      left.length === right.length &&
      left.every((item, index) => equals(item, right[index]))
    );
  }

  const leftEquals = dunder(left, "__eq__");
  if (leftEquals) return Boolean(leftEquals(right));
  const rightEquals = dunder(right, "__eq__");
  if (rightEquals) return Boolean(rightEquals(left));
  if (isPlainDict(left) && isPlainDict(right)) return dictEquals(left, right);
  return false;
}

function dictEquals(
  left: Record<string, unknown>,
  right: Record<string, unknown>,
): boolean {
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every(
    (key) => Object.hasOwn(right, key) && equals(left[key], right[key]),
  );
}

/** Python's ordering: -1, 0 or 1, or TypeError for unordered types. */
export function compare(left: unknown, right: unknown): number {
  if (isNumeric(left) && isNumeric(right)) {
    return Math.sign(Number(left) - Number(right));
  }

  const leftText = stringValue(left);
  const rightText = stringValue(right);
  if (leftText !== undefined && rightText !== undefined) {
    if (leftText === rightText) return 0;
    return leftText < rightText ? -1 : 1;
  }
  if (Array.isArray(left) && Array.isArray(right)) {
    return compareLists(left, right);
  }

  const below = dunder(left, "__lt__")?.(right);
  const above = dunder(right, "__lt__")?.(left);
  if (below !== undefined && above !== undefined) {
    if (below === true) return -1;
    return above === true ? 1 : 0;
  }
  throw unsupported("<", left, right, "not supported between instances of");
}

function compareLists(left: unknown[], right: unknown[]): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    if (!equals(left[index], right[index])) {
      return compare(left[index], right[index]);
    }
  }
  return Math.sign(left.length - right.length);
}

function unsupported(
  operator: string,
  left: unknown,
  right: unknown,
  phrase = "unsupported operand type(s) for",
): Error {
  const types = `'${pythonTypeName(left)}' and '${pythonTypeName(right)}'`;
  if (phrase === "unsupported operand type(s) for") {
    return pythonError("TypeError", `${phrase} ${operator}: ${types}`);
  }
  return pythonError("TypeError", `'${operator}' ${phrase} ${types}`);
}

function reflected(
  left: unknown,
  right: unknown,
  name: "__add__" | "__sub__",
  reflectedName: "__radd__" | "__rsub__",
): unknown {
  const direct = dunder(left, name)?.(right);
  if (direct !== undefined) return direct;
  return dunder(right, reflectedName)?.(left);
}

/** Python's `+`: numbers add, strings and lists concatenate. */
export function add(left: unknown, right: unknown): unknown {
  if (isNumeric(left) && isNumeric(right)) return Number(left) + Number(right);

  const leftText = stringValue(left);
  const rightText = stringValue(right);
  if (leftText !== undefined && rightText !== undefined) {
    return leftText + rightText;
  }
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];

  const result = reflected(left, right, "__add__", "__radd__");
  if (result !== undefined) return result;
  throw unsupported("+", left, right);
}

/** Python's `-`, including date and timedelta arithmetic. */
export function subtract(left: unknown, right: unknown): unknown {
  if (isNumeric(left) && isNumeric(right)) return Number(left) - Number(right);

  const result = reflected(left, right, "__sub__", "__rsub__");
  if (result !== undefined) return result;
  throw unsupported("-", left, right);
}

/** Python's `*`: numbers multiply, `'-' * 3` and `[0] * 3` repeat. */
export function multiply(left: unknown, right: unknown): unknown {
  if (isNumeric(left) && isNumeric(right)) return Number(left) * Number(right);
  if (isInteger(right)) {
    const repeated = repeat(left, Number(right));
    if (repeated !== undefined) return repeated;
  }
  if (isInteger(left)) {
    const repeated = repeat(right, Number(left));
    if (repeated !== undefined) return repeated;
  }
  throw unsupported("*", left, right);
}

function repeat(sequence: unknown, count: number): unknown {
  const times = Math.max(0, count);
  const text = stringValue(sequence);
  if (text !== undefined) return text.repeat(times);
  if (!Array.isArray(sequence)) return undefined;
  return Array.from({ length: times }, () => sequence).flat();
}

/**
 * Python's `%`: printf-style formatting when the left side is a string,
 * otherwise a modulo whose result takes the sign of the divisor.
 */
export function modulo(left: unknown, right: unknown): unknown {
  const text = stringValue(left);
  if (text !== undefined) return formatPercent(text, right);
  if (!isNumeric(left) || !isNumeric(right)) {
    throw unsupported("%", left, right);
  }
  const divisor = Number(right);
  if (divisor === 0) {
    throw pythonError(
      "ZeroDivisionError",
      "integer division or modulo by zero",
    );
  }
  return ((Number(left) % divisor) + divisor) % divisor;
}

/** Jinja's `~`: both sides converted with `str()`, undefined as empty. */
export function concat(left: unknown, right: unknown): string {
  return pythonStr(left) + pythonStr(right);
}

/** Python's `item in container`. */
export function contains(container: unknown, item: unknown): boolean {
  const text = stringValue(container);
  if (text !== undefined) {
    const needle = stringValue(item);
    if (needle === undefined) {
      throw pythonError(
        "TypeError",
        `'in <string>' requires string as left operand, not ${pythonTypeName(item)}`,
      );
    }
    return text.includes(needle);
  }
  if (Array.isArray(container)) return container.some((x) => equals(x, item));
  if (container instanceof Map || container instanceof Set) {
    return container.has(item);
  }
  if (typeof container === "object" && container !== null) {
    const key = stringValue(item);
    return key !== undefined && Object.hasOwn(container, key);
  }
  throw pythonError(
    "TypeError",
    `argument of type '${pythonTypeName(container)}' is not iterable`,
  );
}
