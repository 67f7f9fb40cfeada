import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { PartnerLayout } from "./partner-layout.ts";

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16Bom = Buffer.from([0xff, 0xfe]);

/** Quotes a string as a SQL literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Returns a SQL expression that writes the number `expression` the way the
 * partner does: thousands separator, decimal separator and suffix.
 *
 * Example: with the French layout and 2 decimals, 15564.5 becomes
 * `15 564,50 €` (U+202F between the thousands).
 */
export function formatNumberSql(
  expression: string,
  layout: PartnerLayout,
  decimals: number,
  suffix: string,
): string {
  const grouping = layout.thousands === "" ? "" : ",";
  const pattern = `{:${grouping}.${decimals}f}`;
  let text = `format(${sqlString(pattern)}, (${expression})::DOUBLE)`;

  // Swap through a placeholder so that "," and "." can trade places.
  text = `replace(${text}, ',', chr(1))`;
  text = `replace(${text}, '.', ${sqlString(layout.decimal)})`;
  text = `replace(${text}, chr(1), ${sqlString(layout.thousands)})`;
  return suffix === "" ? text : `${text} || ${sqlString(suffix)}`;
}

/** Returns a SQL expression that writes a date in the partner's format. */
export function formatDateSql(
  expression: string,
  layout: PartnerLayout,
): string {
  return `strftime(${expression}, ${sqlString(layout.dateFormat)})`;
}

/**
 * Writes the result of `query` to `path` as the partner writes its files:
 * its delimiter, its encoding and, when the layout sets `bom`, a byte order
 * mark. DuckDB writes UTF-8, so the file is transcoded as a stream and
 * never held in memory whole.
 */
export async function writePartnerCsv(
  connection: DuckDBConnection,
  query: string,
  path: string,
  layout: PartnerLayout,
): Promise<void> {
  const utf8Path = `${path}.utf8.tmp`;
  await connection.run(
    `COPY (${query}) TO ${sqlString(utf8Path)} ` +
      `(FORMAT csv, HEADER true, DELIMITER ${sqlString(layout.delimiter)})`,
  );
  await transcode(utf8Path, path, layout);
  await rm(utf8Path);
}

async function transcode(
  source: string,
  target: string,
  layout: PartnerLayout,
): Promise<void> {
  const output = createWriteStream(target);
  if (layout.bom) {
    output.write(layout.encoding === "utf-16" ? utf16Bom : utf8Bom);
  }

  const input = createReadStream(source, { encoding: "utf8" });
  for await (const chunk of input) {
    if (!output.write(encodeChunk(chunk as string, layout))) {
      await once(output, "drain");
    }
  }
  output.end();
  await once(output, "finish");
}

function encodeChunk(text: string, layout: PartnerLayout): Buffer {
  switch (layout.encoding) {
    case "utf-8":
      return Buffer.from(text, "utf8");
    case "utf-16":
      return Buffer.from(text, "utf16le");
    case "latin-1":
      assertLatin1(text);
      return Buffer.from(text, "latin1");
  }
}

function assertLatin1(text: string): void {
  for (const character of text) {
    if (character.codePointAt(0)! > 0xff) {
      throw new Error(
        `Character ${JSON.stringify(character)} cannot be written in ` +
          "latin-1; use a spelling without it for this country.",
      );
    }
  }
}
