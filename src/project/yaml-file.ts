import {
  constructFromEvents,
  CORE_SCHEMA,
  EVENT_ID,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE,
  type Event,
  type ScalarEvent,
} from "js-yaml";
import { createRequire } from "node:module";
import type { z } from "zod";
import type { Diagnostic } from "../errors/index.ts";

/** A parsed YAML file that can turn a value's path back into a position. */
export interface YamlFile {
  readonly file: string;
  /** The file's content as plain values: maps, lists, strings, numbers. */
  readonly value: unknown;
  /** Returns the 1-based line and column where the value at a path starts. */
  readonly locate: (
    path: readonly PropertyKey[],
  ) => { line: number; column: number } | undefined;
}

/**
 * Parses YAML text, returning the file or its first syntax error with its
 * line and column.
 *
 * js-yaml reads the values with its YAML 1.2 core schema, and its event
 * stream gives the positions. On a 170 KB property file this was about
 * eight times as fast as composing a document with the `yaml` package,
 * which now reads a file only when js-yaml rejects it. It is loaded only
 * then, so that a start does not parse its 250 KB of code.
 */
export function parseYaml(
  file: string,
  text: string,
): { yaml?: YamlFile; diagnostics: Diagnostic[] } {
  let events: Event[];
  let documents: unknown[];
  try {
    events = parseEvents(text, { filename: file });
    documents = constructFromEvents(events, {
      source: text,
      filename: file,
      schema: CORE_SCHEMA,
    });
  } catch {
    return parseWithPositions(file, text);
  }
  if (documents.length > 1) return parseWithPositions(file, text);
  let offsets: Map<string, number> | undefined;
  let lines: LineStarts | undefined;
  const locate = (path: readonly PropertyKey[]) => {
    offsets ??= offsetsOf(text, events);
    const offset = offsets.get(pathKey(path));
    if (offset === undefined) return undefined;
    lines ??= new LineStarts(text);
    return lines.position(offset);
  };
  return {
    yaml: { file, value: documents[0] ?? null, locate },
    diagnostics: [],
  };
}

function parseWithPositions(
  file: string,
  text: string,
): { yaml?: YamlFile; diagnostics: Diagnostic[] } {
  const { isNode, LineCounter, parseDocument } = createRequire(import.meta.url)(
    "yaml",
  ) as typeof import("yaml");
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  // The parser's later errors mostly follow from the first one, and one
  // unclosed bracket gave sixty of them in a property file.
  const diagnostics = document.errors.slice(0, 1).map((error) => {
    const position = error.linePos?.[0];
    // The diagnostic carries the position already, so the parser's copy at
    // the end of the message's first line is dropped.
    const text = error.message
      .split("\n")[0]!
      .replace(/ at line \d+, column \d+:?$/, "");
    return {
      code: "yaml-syntax" as const,
      message: `invalid YAML: ${text}`,
      file,
      line: position?.line,
      column: position?.col,
      hint: "Fix the YAML syntax at this position (indentation, quotes, colons).",
    };
  });
  if (diagnostics.length > 0) return { diagnostics };
  // js-yaml rejected text that the `yaml` package accepts, such as several
  // documents in one file, so the `yaml` package's reading is kept.
  const locate = (path: readonly PropertyKey[]) => {
    const node = document.getIn(path as unknown[], true);
    if (!isNode(node) || !node.range) return undefined;
    const { line, col } = lines.linePos(node.range[0]);
    return { line, column: col };
  };
  return {
    yaml: { file, value: document.toJS() ?? null, locate },
    diagnostics,
  };
}

const pathKey = (path: readonly PropertyKey[]): string =>
  path.map(String).join("\u0000");

/** A mapping or sequence being walked, with the path of its next child. */
interface Frame {
  readonly path: readonly PropertyKey[];
  readonly mapping: boolean;
  /** In a mapping: the key of the value that comes next, once read. */
  key?: string | undefined;
  /** In a mapping: whether the next node is a key. */
  expectingKey: boolean;
  /** In a sequence: the index of the next item. */
  index: number;
}

/**
 * Maps the path of every value in the first document to the offset where
 * it starts, by walking js-yaml's event stream once.
 */
function offsetsOf(
  text: string,
  events: readonly Event[],
): Map<string, number> {
  const offsets = new Map<string, number>();
  const frames: Frame[] = [];
  let documents = 0;
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      if (++documents > 1) break;
      continue;
    }
    if (event.type === EVENT_ID.POP) {
      frames.pop();
      continue;
    }
    const parent = frames.at(-1);
    let path: readonly PropertyKey[] | undefined = [];
    if (parent?.mapping) {
      if (parent.expectingKey) {
        parent.expectingKey = false;
        parent.key =
          event.type === EVENT_ID.SCALAR
            ? getScalarValue(text, event)
            : undefined;
        path = undefined;
      } else {
        parent.expectingKey = true;
        path =
          parent.key === undefined ? undefined : [...parent.path, parent.key];
      }
    } else if (parent) {
      path = [...parent.path, parent.index++];
    }
    const start =
      event.type === EVENT_ID.SCALAR
        ? scalarStart(text, event)
        : event.type === EVENT_ID.ALIAS
          ? event.anchorStart
          : event.start;
    if (path !== undefined && start >= 0) offsets.set(pathKey(path), start);
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      frames.push({
        // A collection used as a key has no path, and neither do its children.
        path: path ?? [Symbol("key")],
        mapping: event.type === EVENT_ID.MAPPING,
        expectingKey: true,
        index: 0,
      });
    }
  }
  return offsets;
}

// A block scalar's header: the indicator, its modifiers, an optional comment,
// then blank space up to the content.
const blockHeader = /[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\n\s*$/;

/**
 * Returns where a scalar starts as the `yaml` package counts it: at the
 * opening quote, or at the `|` or `>` of a block scalar, whose content
 * js-yaml's event points to.
 */
function scalarStart(text: string, event: ScalarEvent): number {
  if (
    event.style === SCALAR_STYLE.SINGLE_QUOTED ||
    event.style === SCALAR_STYLE.DOUBLE_QUOTED
  ) {
    return event.valueStart - 1;
  }
  if (
    event.style === SCALAR_STYLE.LITERAL_BLOCK ||
    event.style === SCALAR_STYLE.FOLDED_BLOCK
  ) {
    const from = Math.max(0, event.valueStart - 400);
    const header = blockHeader.exec(text.slice(from, event.valueStart));
    if (header) return from + header.index;
  }
  return event.valueStart;
}

/** Turns offsets into 1-based lines and columns. */
class LineStarts {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
      this.starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}

/** Finds the line and column of the value at a path, or of its nearest parent. */
export function positionOf(
  yaml: YamlFile,
  path: readonly PropertyKey[],
): { line?: number; column?: number } {
  for (let length = path.length; length >= 0; length--) {
    const position = yaml.locate(path.slice(0, length));
    if (position) return position;
  }
  return {};
}

/**
 * Validates a parsed YAML file against a schema. Every issue becomes a
 * diagnostic at the position of the offending value.
 */
export function validateYaml<T>(
  yaml: YamlFile,
  schema: z.ZodType<T>,
  what: string,
): { value?: T; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(yaml.value ?? {});
  if (result.success) return { value: result.data, diagnostics: [] };
  const diagnostics = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    return {
      code: "yaml-schema" as const,
      message: `invalid ${what} at ${where}: ${issue.message}`,
      file: yaml.file,
      ...positionOf(yaml, issue.path),
      hint: `Correct ${where} so that it matches the ${what} format described in docs/project-format.md.`,
    };
  });
  return { diagnostics };
}
