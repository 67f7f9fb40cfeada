import type { PartnerLayout } from "./layout.ts";

/** Decoded text, or why the bytes are not in the expected encoding. */
export type DecodeResult =
  { ok: true; text: string } | { ok: false; reason: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function hasNonAscii(bytes: Uint8Array): boolean {
  return bytes.some((b) => b >= 0x80);
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the first byte that can not start or continue UTF-8. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return bytes.length;
}

/** Length of the well-formed UTF-8 sequence at `i`, or 0 (RFC 3629). */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    const byte = bytes[i + k];
    const min = k === 1 ? low : 0x80;
    const max = k === 1 ? high : 0xbf;
    if (byte === undefined || byte < min || byte > max) return 0;
  }
  return length;
}

function hex(byte: number | undefined): string {
  return `0x${(byte ?? 0).toString(16).toUpperCase().padStart(2, "0")}`;
}

/**
 * Decodes a partner file with the layout's encoding. Wrong encodings are
 * detected, not guessed around: invalid UTF-8, a UTF-8 file declared as
 * Latin-1 (valid multi-byte sequences), or UTF-16 without a byte order
 * mark. A byte order mark that matches the encoding is removed.
 */
export function decodePartnerText(
  bytes: Uint8Array,
  layout: Pick<PartnerLayout, "encoding" | "bom">,
): DecodeResult {
  switch (layout.encoding) {
    case "utf-8":
      return decodeUtf8(bytes);
    case "latin-1":
      return decodeLatin1(bytes);
    case "utf-16":
      return decodeUtf16(bytes);
  }
}

function decodeUtf8(bytes: Uint8Array): DecodeResult {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return {
      ok: false,
      reason: "the file starts with a UTF-16 byte order mark, expected UTF-8",
    };
  }
  if (!isValidUtf8(bytes)) {
    const offset = firstInvalidUtf8Offset(bytes);
    return {
      ok: false,
      reason:
        `not valid UTF-8: byte ${hex(bytes[offset])} at offset ${offset}; ` +
        "the file is probably Latin-1 or Windows-1252",
    };
  }
  // TextDecoder drops a leading byte order mark by default.
  return { ok: true, text: new TextDecoder("utf-8").decode(bytes) };
}

function decodeLatin1(bytes: Uint8Array): DecodeResult {
  if (startsWith(bytes, UTF8_BOM)) {
    return {
      ok: false,
      reason: "the file starts with a UTF-8 byte order mark, expected Latin-1",
    };
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return {
      ok: false,
      reason: "the file starts with a UTF-16 byte order mark, expected Latin-1",
    };
  }
  // Latin-1 text with accents is almost never valid UTF-8, while UTF-8
  // text read as Latin-1 silently turns "é" into "Ã©".
  if (hasNonAscii(bytes) && isValidUtf8(bytes)) {
    return { ok: false, reason: "the file is UTF-8, expected Latin-1" };
  }
  // Windows exports labelled Latin-1 are Windows-1252, a superset of
  // ISO-8859-1's letters (Š, € and curly quotes in 0x80-0x9F).
  return { ok: true, text: decodeWindows1252(bytes) };
}

function decodeUtf16(bytes: Uint8Array): DecodeResult {
  let encoding: "utf-16le" | "utf-16be";
  if (startsWith(bytes, [0xff, 0xfe])) encoding = "utf-16le";
  else if (startsWith(bytes, [0xfe, 0xff])) encoding = "utf-16be";
  else {
    return {
      ok: false,
      reason:
        "no UTF-16 byte order mark (FF FE or FE FF) at the start, expected UTF-16",
    };
  }
  if (bytes.length % 2 !== 0) {
    return { ok: false, reason: "odd number of bytes, so not UTF-16" };
  }
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: `not valid ${encoding.toUpperCase()}` };
  }
}

/**
 * Characters of Windows-1252 bytes 0x80-0x9F (WHATWG index-windows-1252).
 * Bytes 0xA0-0xFF are the same code points as in ISO-8859-1, and the five
 * unassigned bytes map to the C1 control of the same number. Written out
 * because Node 20's TextDecoder("windows-1252") decodes 0x80-0x9F as C1
 * controls, like ISO-8859-1.
 */
const WINDOWS_1252_HIGH = [
  "\u20AC",
  "\u0081",
  "\u201A",
  "\u0192",
  "\u201E",
  "\u2026",
  "\u2020",
  "\u2021",
  "\u02C6",
  "\u2030",
  "\u0160",
  "\u2039",
  "\u0152",
  "\u008D",
  "\u017D",
  "\u008F",
  "\u0090",
  "\u2018",
  "\u2019",
  "\u201C",
  "\u201D",
  "\u2022",
  "\u2013",
  "\u2014",
  "\u02DC",
  "\u2122",
  "\u0161",
  "\u203A",
  "\u0153",
  "\u009D",
  "\u017E",
  "\u0178",
];

function windows1252Char(byte: number): string {
  if (byte >= 0x80 && byte <= 0x9f) return WINDOWS_1252_HIGH[byte - 0x80]!;
  return String.fromCharCode(byte);
}

/** Windows-1252 byte of each character above 0x7F. */
const WINDOWS_1252_BYTES: ReadonlyMap<string, number> = new Map(
  Array.from({ length: 0x80 }, (_, i) => [windows1252Char(0x80 + i), 0x80 + i]),
);

function decodeWindows1252(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += windows1252Char(byte);
  return text;
}

/**
 * Encodes as Windows-1252, the "Latin-1" of Windows exports, which the
 * decoder reads too: it adds characters such as Š and € to ISO-8859-1.
 */
function encodeWindows1252(
  text: string,
): { ok: true; bytes: Buffer } | { ok: false; index: number } {
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code < 0x80 ? code : WINDOWS_1252_BYTES.get(text[i]!);
    if (byte === undefined) return { ok: false, index: i };
    bytes[i] = byte;
  }
  return { ok: true, bytes };
}

/**
 * Encodes text for the partner, with a byte order mark when the layout
 * sets `bom` (always for UTF-16). For `latin-1`, returns the string index
 * of the first character that Windows-1252 can not represent.
 */
export function encodePartnerText(
  text: string,
  layout: Pick<PartnerLayout, "encoding" | "bom">,
): { ok: true; bytes: Buffer } | { ok: false; index: number } {
  switch (layout.encoding) {
    case "utf-8": {
      const body = Buffer.from(text, "utf8");
      const bytes = layout.bom
        ? Buffer.concat([Buffer.from(UTF8_BOM), body])
        : body;
      return { ok: true, bytes };
    }
    case "latin-1":
      return encodeWindows1252(text);
    case "utf-16":
      return {
        ok: true,
        bytes: Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(text, "utf16le"),
        ]),
      };
  }
}
