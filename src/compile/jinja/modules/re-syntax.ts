import { pythonError } from "../python/values.ts";

// Translates Python regular-expression syntax to JavaScript's.

const FLAG_LETTERS: Record<string, number> = {
  i: 2,
  m: 8,
  s: 16,
  x: 64,
  a: 256,
};
const IGNORECASE = 2;
const MULTILINE = 8;
const DOTALL = 16;
const VERBOSE = 64;

/** A JavaScript regular expression source and its flags. */
export interface TranslatedPattern {
  source: string;
  flags: string;
}

/**
 * Translates `(?P<name>...)`, `(?P=name)`, `\A`, `\Z`, leading inline
 * flags such as `(?i)`, and VERBOSE whitespace and comments.
 */
export function translatePattern(
  pattern: string,
  flags: number,
): TranslatedPattern {
  let allFlags = flags;
  const inline = /^\(\?([aimsx]+)\)/u.exec(pattern);
  let body = pattern;
  if (inline) {
    for (const letter of inline[1]!) allFlags |= FLAG_LETTERS[letter]!;
    body = pattern.slice(inline[0].length);
  }

  const source = translateBody(body, (allFlags & VERBOSE) !== 0);
  let jsFlags = "";
  if (allFlags & IGNORECASE) jsFlags += "i";
  if (allFlags & MULTILINE) jsFlags += "m";
  if (allFlags & DOTALL) jsFlags += "s";
  try {
    new RegExp(source, jsFlags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw pythonError(
      "ValueError",
      `invalid regular expression ${JSON.stringify(pattern)}: ${reason}`,
    );
  }
  return { source, flags: jsFlags };
}

function translateBody(body: string, verbose: boolean): string {
  let output = "";
  let index = 0;
  while (index < body.length) {
    const char = body[index]!;
    const rest = body.slice(index);
    if (char === "\\") {
      const escaped = body[index + 1] ?? "";
      output +=
        escaped === "A"
          ? "(?<![\\s\\S])"
          : escaped === "Z"
            ? "(?![\\s\\S])"
            : `\\${escaped}`;
      index += 2;
    } else if (char === "[") {
      const end = classEnd(body, index);
      output += translateClass(body.slice(index, end));
      index = end;
    } else if (rest.startsWith("(?P<")) {
      output += "(?<";
      index += 4;
    } else if (rest.startsWith("(?P=")) {
      const close = body.indexOf(")", index);
      output += `\\k<${body.slice(index + 4, close)}>`;
      index = close + 1;
    } else if (verbose && /\s/u.test(char)) {
      index += 1;
    } else if (verbose && char === "#") {
      const newline = body.indexOf("\n", index);
      index = newline < 0 ? body.length : newline + 1;
    } else {
      output += char;
      index += 1;
    }
  }
  return output;
}

// Returns the index after the class that starts at `start`. In Python a
// `]` right after `[` or `[^` is a literal, not the end of the class.
function classEnd(body: string, start: number): number {
  let index = start + 1;
  if (body[index] === "^") index += 1;
  if (body[index] === "]") index += 1;
  while (index < body.length && body[index] !== "]") {
    index += body[index] === "\\" ? 2 : 1;
  }
  return Math.min(index + 1, body.length);
}

function translateClass(text: string): string {
  return text.replace(/^\[(\^?)\]/u, "[$1\\]");
}
