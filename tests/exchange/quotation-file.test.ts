import { describe, expect, it } from "vitest";
import {
  checkQuotationFile,
  encodeRequestFile,
  QUOTATION_COLUMNS,
  type PartnerLayout,
} from "../../src/exchange/index.ts";
import {
  isSafeRemoteName,
  remotePath,
} from "../../src/exchange/remote-names.ts";
import { decodePartnerText } from "../../src/exchange/text-encoding.ts";
import { parsePartnerNumber } from "../../src/exchange/value-format.ts";
import {
  DE_LAYOUT,
  ES_LAYOUT,
  FR_LAYOUT,
  frenchQuotations,
  germanQuotations,
  utf8WithBom,
} from "./partner-files.ts";

function check(text: string, layout: PartnerLayout = DE_LAYOUT) {
  const bytes =
    layout.encoding === "latin-1"
      ? Buffer.from(text, "latin1")
      : utf8WithBom(text);
  return checkQuotationFile(bytes, {
    layout,
    columns: QUOTATION_COLUMNS,
    requiredColumns: ["vin", "valuation_date", "trade_value"],
  });
}

function problemsOf(result: ReturnType<typeof check>): string[] {
  if (result.ok) throw new Error("expected the file to be rejected");
  return result.problems;
}

describe("checkQuotationFile", () => {
  it("ignores request-only layout columns", () => {
    const layout = {
      ...FR_LAYOUT,
      columns: { ...FR_LAYOUT.columns, request_reason: "Motif" },
    };
    expect(check(frenchQuotations(), layout)).toEqual({ ok: true, rows: 2 });
  });

  it("hints at a wrong delimiter", () => {
    const result = check(germanQuotations().replaceAll(";", ","));
    expect(result.ok).toBe(false);
    expect(problemsOf(result).at(-1)).toContain(
      'the header has one field, so the delimiter is probably not ";"',
    );
  });

  it("reports a row of the wrong width", () => {
    const result = check(germanQuotations().replace(";Golf", ";Golf;extra"));
    expect(problemsOf(result)).toEqual(["line 2: 8 fields, expected 7"]);
  });

  it("rejects a fractional mileage and a negative amount", () => {
    const text = germanQuotations()
      .replace("61500", "61500.5")
      .replace("15400", "-15400");
    const result = check(text);
    expect(problemsOf(result)).toEqual([
      'line 2, column "Laufleistung": "61500.5" is not a whole number of kilometres',
      'line 2, column "Händlereinkaufswert": "-15400" is negative',
    ]);
  });

  it("lists at most 20 problems", () => {
    const header = germanQuotations().split("\r\n")[0]!;
    const bad = Array.from(
      { length: 30 },
      () => "WVWZZZ1KZ6W123456;31.02.2027;1;1;1;VW;Golf",
    );
    const result = check([header, ...bad].join("\r\n"));
    expect(problemsOf(result)).toHaveLength(21);
    expect(problemsOf(result).at(-1)).toBe("… and 10 more problems");
  });

  it("reads quoted fields with delimiters", () => {
    expect(check(frenchQuotations(), FR_LAYOUT)).toEqual({ ok: true, rows: 2 });
  });
});

describe("partner numbers", () => {
  it.each([
    ["12\u202F450,00 €", 12450],
    ["-3,5", -3.5],
    ["48\u202F210 km", 48210],
  ])("reads %s", (text, value) => {
    const suffix = text.endsWith("km") ? " km" : " €";
    expect(parsePartnerNumber(text, FR_LAYOUT, suffix)).toBe(value);
  });

  it("rejects a point in a comma layout", () => {
    expect(parsePartnerNumber("12450.00", FR_LAYOUT, " €")).toBeUndefined();
  });
});

describe("remote names", () => {
  it.each([
    "../etc/passwd",
    "a/b.csv",
    "a\\b.csv",
    ".hidden.csv",
    "bad\nname.csv",
    "",
  ])("rejects %j", (name) => {
    expect(isSafeRemoteName(name)).toBe(false);
    expect(() => remotePath("/outbox", name)).toThrow(
      "is not a plain file name",
    );
  });

  it("joins a plain name", () => {
    expect(remotePath("/outbox/", "cotations_1.csv")).toBe(
      "/outbox/cotations_1.csv",
    );
  });
});

describe("encodeRequestFile", () => {
  const columns = [
    { name: "FIN", kind: "text" as const },
    { name: "Marke", kind: "text" as const },
  ];

  it("writes Windows-1252 for latin-1", () => {
    const bytes = encodeRequestFile(
      columns,
      [{ FIN: "TMBJJ7NE1K0123456", Marke: "Škoda" }],
      DE_LAYOUT,
      "anfragen.csv",
    );
    const marke = bytes.indexOf(0x8a);
    expect(marke).toBe("FIN;Marke\r\nTMBJJ7NE1K0123456;".length);
    const check = checkQuotationFile(bytes, {
      layout: { ...DE_LAYOUT, columns: { vin: "FIN", make: "Marke" } },
      columns: ["vin", "make"],
      requiredColumns: [],
    });
    expect(check).toEqual({ ok: true, rows: 1 });
    expect(decodePartnerText(bytes, DE_LAYOUT)).toEqual({
      ok: true,
      text: "FIN;Marke\r\nTMBJJ7NE1K0123456;Škoda\r\n",
    });
  });

  it("names a character latin-1 lacks", () => {
    const rows = [
      { FIN: "A", Marke: "VW" },
      { FIN: "B", Marke: "Łada" },
    ];
    expect(() =>
      encodeRequestFile(columns, rows, DE_LAYOUT, "anfragen.csv"),
    ).toThrow(
      'anfragen.csv: line 3: the character "Ł" (U+0141) can not be written in latin-1',
    );
  });

  it("writes UTF-16 with a byte order mark", () => {
    const bytes = encodeRequestFile(
      columns,
      [{ FIN: "A", Marke: "SEAT" }],
      ES_LAYOUT,
      "x.csv",
    );
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString("utf16le")).toBe(
      "FIN,Marke\r\nA,SEAT\r\n",
    );
  });
});
