import { join } from "node:path";
import { sqlString } from "./partner-file.ts";

/**
 * One listings source: where its file is, the date its prices were
 * observed, and the SQL that reads it into the temporary table `listings`.
 *
 * The columns of `listings`: listing_key (the raw row's content, so exact
 * duplicate rows share it), make, model, version, fuel, gearbox, body
 * (labels as the source writes them), power_hp, registration_date,
 * mileage_km (parsed, for the odometer), mileage_text and price_text (as
 * the source writes them, for the partner file), price_eur (parsed, for the
 * contract rule) and valuation_date.
 */
export interface ListingSource {
  country: string;
  folder: string;
  /** Date the listing prices are taken as quotations. */
  valuationDate: string;
  /** Reference date of the runs on this landing zone: the next quarter. */
  referenceDate: string;
  readSql(listingsDir: string): string;
}

// Makes of more than one word, for sources that write make and model in one
// column ("Land Rover Discovery").
const multiWordMakes = [
  "Land Rover",
  "Alfa Romeo",
  "Aston Martin",
  "DS Automobiles",
  "Rolls Royce",
];

function splitMakeSql(column: string): { make: string; model: string } {
  const pattern = `^(${multiWordMakes.join("|")}|\\S+)\\s*(.*)$`;
  return {
    make: `regexp_extract(${column}, ${sqlString(pattern)}, 1)`,
    model: `regexp_extract(${column}, ${sqlString(pattern)}, 2)`,
  };
}

// A registration date inside `year` when the source gives only the year:
// a day drawn from the row's key, before the valuation date.
function registrationFromYearSql(year: string, valuationDate: string): string {
  const lastDay = `least(make_date(${year}, 12, 31), DATE ${sqlString(valuationDate)} - INTERVAL 30 DAY)`;
  const span = `greatest(date_diff('day', make_date(${year}, 1, 1), ${lastDay}), 1)`;
  return `(make_date(${year}, 1, 1) + to_days((hash(listing_key, 'registration') % ${span})::INTEGER))::DATE`;
}

const france: ListingSource = {
  country: "fr",
  folder: "fr_autohero_residual",
  valuationDate: "2025-04-09",
  referenceDate: "2025-07-01",
  readSql(listingsDir) {
    const path = join(listingsDir, this.folder, "autohero.csv");
    const split = splitMakeSql("modele");
    // Rows empty apart from the URL are failed scrapes, with no car to lease.
    return `
      CREATE OR REPLACE TEMP TABLE listings AS
      WITH raw AS (
        SELECT *, concat_ws('|', *COLUMNS(*)) AS listing_key
        FROM read_csv(${sqlString(path)}, header = true, all_varchar = true)
        WHERE nullif(trim(modele), '') IS NOT NULL
      )
      SELECT
        listing_key,
        ${split.make} AS make,
        ${split.model} AS model,
        finition AS version,
        carburant AS fuel,
        transmission AS gearbox,
        classe_vehicule AS body,
        TRY_CAST(regexp_extract(puissance, '(\\d+)\\s*CV', 1) AS INTEGER) AS power_hp,
        CAST(strptime(annee_mise_en_circulation, '%d.%m.%Y') AS DATE) AS registration_date,
        TRY_CAST(regexp_replace(kilometrage, '[^0-9]', '', 'g') AS BIGINT) AS mileage_km,
        kilometrage AS mileage_text,
        TRY_CAST(regexp_replace(prix, '[^0-9]', '', 'g') AS DOUBLE) AS price_eur,
        prix AS price_text,
        CAST(scraped_at AS DATE) AS valuation_date
      FROM raw
    `;
  },
};

const germany: ListingSource = {
  country: "de",
  folder: "de_autoscout24_kaggle",
  // The listings were scraped in 2021 and include first registrations of
  // 2021, so mid-2021 is taken as their date.
  valuationDate: "2021-06-30",
  referenceDate: "2021-07-01",
  readSql(listingsDir) {
    const path = join(
      listingsDir,
      this.folder,
      "autoscout24-germany-dataset.csv",
    );
    return `
      CREATE OR REPLACE TEMP TABLE listings AS
      WITH raw AS (
        SELECT *, concat_ws('|', *COLUMNS(*)) AS listing_key
        FROM read_csv(${sqlString(path)}, header = true, all_varchar = true)
      )
      SELECT
        listing_key,
        make,
        coalesce(model, '') AS model,
        NULL::VARCHAR AS version,
        fuel,
        gear AS gearbox,
        -- NOTE: AutoScout24 gives no body type, so German segments are
        -- (make, fuel) with body type unknown.
        NULL::VARCHAR AS body,
        TRY_CAST(hp AS INTEGER) AS power_hp,
        ${registrationFromYearSql("CAST(year AS INTEGER)", this.valuationDate)} AS registration_date,
        TRY_CAST(mileage AS BIGINT) AS mileage_km,
        mileage AS mileage_text,
        TRY_CAST(price AS DOUBLE) AS price_eur,
        price AS price_text,
        DATE ${sqlString(this.valuationDate)} AS valuation_date
      FROM raw
    `;
  },
};

const spain: ListingSource = {
  country: "es",
  folder: "es_used_cars_2023",
  // The file was committed on 2023-07-05 and lists cars of 2023.
  valuationDate: "2023-06-30",
  referenceDate: "2023-07-01",
  readSql(listingsDir) {
    const path = join(listingsDir, this.folder, "df_streamlit.csv");
    return `
      CREATE OR REPLACE TEMP TABLE listings AS
      WITH raw AS (
        SELECT *, concat_ws('|', *COLUMNS(*)) AS listing_key
        FROM read_csv(${sqlString(path)}, header = true, all_varchar = true)
      )
      SELECT
        listing_key,
        make,
        coalesce(model, '') AS model,
        version,
        fuel,
        shift AS gearbox,
        NULL::VARCHAR AS body,
        CAST(TRY_CAST(power AS DOUBLE) AS INTEGER) AS power_hp,
        ${registrationFromYearSql("CAST(year AS INTEGER)", this.valuationDate)} AS registration_date,
        CAST(TRY_CAST(kms AS DOUBLE) AS BIGINT) AS mileage_km,
        kms AS mileage_text,
        TRY_CAST(price AS DOUBLE) AS price_eur,
        price AS price_text,
        DATE ${sqlString(this.valuationDate)} AS valuation_date
      FROM raw
    `;
  },
};

export const listingSources: ListingSource[] = [france, germany, spain];
