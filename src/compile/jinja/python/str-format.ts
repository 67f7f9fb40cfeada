import type { CallArguments } from "./call-arguments.ts";
import { formatValue } from "./format-spec.ts";
import { pythonRepr, pythonStr } from "./str.ts";
import { pythonError } from "./values.ts";

// Python's str.format: `'{} {name!r:>10}'.format(a, name=b)`.

interface FormatState {
  readonly args: CallArguments;
  autoIndex: number;
  numbering: "auto" | "manual" | undefined;
}

/** Formats `template.format(*args, **kwargs)` as Python does. */
export function formatString(template: string, args: CallArguments): string {
  return render(template, { args, autoIndex: 0, numbering: undefined });
}

function render(template: string, state: FormatState): string {
  let result = "";
  let position = 0;
  while (position < template.length) {
    const char = template[position]!;
    const next = template[position + 1];
    if ((char === "{" || char === "}") && next === char) {
      result += char;
      position += 2;
    } else if (char === "}") {
      throw pythonError(
        "ValueError",
        "Single '}' encountered in format string",
      );
    } else if (char === "{") {
      const end = closingBrace(template, position);
      result += renderField(template.slice(position + 1, end), state);
      position = end + 1;
    } else {
      result += char;
      position += 1;
    }
  }
  return result;
}

function closingBrace(template: string, open: number): number {
  let depth = 0;
  for (let position = open; position < template.length; position++) {
    if (template[position] === "{") depth++;
    if (template[position] === "}") depth--;
    if (depth === 0) return position;
  }
  throw pythonError("ValueError", "expected '}' before end of string");
}

function renderField(field: string, state: FormatState): string {
  const { name, conversion, spec } = splitField(field);
  let value = resolveName(name, state);
  if (conversion === "r" || conversion === "a") value = pythonRepr(value);
  else if (conversion === "s") value = pythonStr(value);
  else if (conversion !== undefined) {
    throw pythonError(
      "ValueError",
      `Unknown conversion specifier ${conversion}`,
    );
  }
  return formatValue(value, render(spec, state));
}

function splitField(field: string): {
  name: string;
  conversion: string | undefined;
  spec: string;
} {
  let inBrackets = false;
  for (let position = 0; position < field.length; position++) {
    const char = field[position];
    if (char === "[") inBrackets = true;
    if (char === "]") inBrackets = false;
    if (inBrackets || (char !== "!" && char !== ":")) continue;

    const name = field.slice(0, position);
    if (char === ":") {
      return { name, conversion: undefined, spec: field.slice(position + 1) };
    }
    const colon = field.indexOf(":", position);
    const end = colon < 0 ? field.length : colon;
    return {
      name,
      conversion: field.slice(position + 1, end),
      spec: colon < 0 ? "" : field.slice(colon + 1),
    };
  }
  return { name: field, conversion: undefined, spec: "" };
}

const ACCESSOR = /\.([^.[]+)|\[([^\]]+)\]/gu;

function resolveName(name: string, state: FormatState): unknown {
  const first = /^[^.[]*/u.exec(name)?.[0] ?? "";
  let value = resolveArgument(first, state);
  const accessors = name.slice(first.length);
  for (const match of accessors.matchAll(ACCESSOR)) {
    const [, attribute, key] = match;
    const index = key !== undefined && /^\d+$/u.test(key) ? Number(key) : key;
    value = (value as Record<string | number, unknown>)[attribute ?? index!];
  }
  return value;
}

function resolveArgument(argument: string, state: FormatState): unknown {
  if (argument === "" || /^\d+$/u.test(argument)) {
    const index =
      argument === "" ? nextAutoIndex(state) : manual(state, argument);
    if (index >= state.args.positional.length) {
      throw pythonError(
        "IndexError",
        `Replacement index ${index} out of range for positional args tuple`,
      );
    }
    return state.args.positional[index];
  }
  if (!state.args.keywords.has(argument)) {
    throw pythonError("KeyError", pythonRepr(argument));
  }
  return state.args.keywords.get(argument);
}

function nextAutoIndex(state: FormatState): number {
  if (state.numbering === "manual") {
    throw switchedNumbering(
      "manual field specification to automatic field numbering",
    );
  }
  state.numbering = "auto";
  return state.autoIndex++;
}

function manual(state: FormatState, argument: string): number {
  if (state.numbering === "auto") {
    throw switchedNumbering(
      "automatic field numbering to manual field specification",
    );
  }
  state.numbering = "manual";
  return Number(argument);
}

function switchedNumbering(change: string): Error {
  return pythonError("ValueError", `cannot switch from ${change}`);
}
