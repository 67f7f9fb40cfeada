import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The valuation partner's quotation file layout of one country. */
export interface PartnerLayout {
  delimiter: string;
  decimal: string;
  thousands: string;
  encoding: "utf-8" | "utf-16" | "latin-1";
  bom: boolean;
  amountSuffix: string;
  mileageSuffix: string;
  dateFormat: string;
  fileGlob: string;
  columns: Record<PartnerColumn, string>;
}

export type PartnerColumn =
  | "vin"
  | "valuation_date"
  | "mileage_km"
  | "trade_value"
  | "retail_value"
  | "make"
  | "model";

interface RawLayout {
  delimiter: string;
  decimal: string;
  thousands: string;
  encoding: PartnerLayout["encoding"];
  bom: boolean;
  amount_suffix: string;
  mileage_suffix: string;
  date_format: string;
  file_glob: string;
  columns: Record<PartnerColumn, string>;
}

/**
 * Reads the partner layouts of every country from the project's
 * countries.yml, so that the generated files follow the same settings the
 * staging models parse with.
 */
export function readPartnerLayouts(
  projectDir: string,
): Map<string, PartnerLayout> {
  const text = readFileSync(join(projectDir, "countries.yml"), "utf8");
  const document = parse(text) as {
    countries: Record<string, { partner: { layout: RawLayout } }>;
  };
  const layouts = new Map<string, PartnerLayout>();

  for (const [code, entry] of Object.entries(document.countries)) {
    const raw = entry.partner.layout;
    layouts.set(code, {
      delimiter: raw.delimiter,
      decimal: raw.decimal,
      thousands: raw.thousands,
      encoding: raw.encoding,
      bom: raw.bom,
      amountSuffix: raw.amount_suffix,
      mileageSuffix: raw.mileage_suffix,
      dateFormat: raw.date_format,
      fileGlob: raw.file_glob,
      columns: raw.columns,
    });
  }
  return layouts;
}

/** Returns the partner file name for one delivery, from the layout's glob. */
export function partnerFileName(layout: PartnerLayout, label: string): string {
  return layout.fileGlob.replace("*", label);
}
