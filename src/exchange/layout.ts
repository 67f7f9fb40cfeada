import * as z from "zod";

/**
 * The keys of `partner.layout` in countries.yml that the exchange reads to
 * decode quotation files and encode request files. The resale project
 * defines the section; models read it too (stg_quotations), so unknown
 * keys are kept.
 */
export const partnerLayoutSchema = z.looseObject({
  delimiter: z.string().length(1),
  decimal: z.enum([".", ","]),
  thousands: z.string().max(1).default(""),
  encoding: z.enum(["utf-8", "latin-1", "utf-16"]),
  bom: z.boolean().default(false),
  amount_suffix: z.string().default(""),
  mileage_suffix: z.string().default(""),
  /** strftime subset: `%d`, `%m`, `%Y` and literal characters. */
  date_format: z.string().regex(/%d/).regex(/%m/).regex(/%Y/),
  /** Names of the partner's quotation files, with `*` and `?`. */
  file_glob: z.string().min(1),
  /**
   * Platform column name to the partner's header, for the quotation file
   * and the request file together.
   */
  columns: z.record(z.string(), z.string()),
});

export type PartnerLayout = z.infer<typeof partnerLayoutSchema>;

/** Check applied to a quotation column. */
export type ColumnKind = "text" | "date" | "mileage" | "amount";

/** The platform columns a quotation file must have (stg_quotations reads them). */
export const QUOTATION_COLUMNS: readonly string[] = [
  "vin",
  "valuation_date",
  "mileage_km",
  "trade_value",
  "retail_value",
  "make",
  "model",
];

/** Kinds of the quotation columns; any other column is text. */
export const QUOTATION_COLUMN_KINDS: Readonly<Record<string, ColumnKind>> = {
  valuation_date: "date",
  mileage_km: "mileage",
  trade_value: "amount",
  retail_value: "amount",
};
