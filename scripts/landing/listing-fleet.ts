import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "./partner-file.ts";
import { manufacturerIds } from "./source-labels.ts";

/**
 * Turns the temporary table `listings` into a leased fleet: the tables
 * fleet_vehicles, fleet_contracts, fleet_odometer_readings,
 * fleet_damage_reports (empty) and partner_rows. The rule, with u1..u5
 * uniform draws on (0, 1) from a hash of the listing's content:
 *
 * - VIN: the make's manufacturer identifier and 14 characters from the
 *   hash; vehicle and contract ids from the same hash. Exact duplicate
 *   listings get the same ids, so they are duplicate rows in every file.
 * - Contract end: the reference date plus floor(24 u1) - 4 months (some
 *   contracts have ended, most end within 20 months), and at least 12
 *   months after registration. Term: 36 months when u2 < 0.5, else 48.
 *   Start: the end minus the term, not before the registration.
 * - Purchase price: the listing price grown back by 0.8% per month between
 *   the start and the valuation date, divided by 0.87 (the first-year
 *   drop) for a car leased new, times 0.95 + 0.10 u3.
 * - Residual value: the purchase price times exp(-0.0095 per month of
 *   term), times 0.87 for a car leased new, times 0.93 + 0.14 u4.
 * - Mileage allowance: the listing's kilometres per year rounded up to
 *   5,000 (at least 5,000), times 1 + 0.2 u5, over the term.
 * - Odometer: a reading at the start (kilometres pro rata of age) and the
 *   listing's kilometres on the valuation date.
 * - Quotation: the listing price and kilometres, as the source writes them,
 *   on the valuation date; no retail value.
 */
export async function createListingFleet(
  connection: DuckDBConnection,
  country: string,
  referenceDate: string,
): Promise<void> {
  const reference = `DATE ${sqlString(referenceDate)}`;
  const prefix = sqlString(country.toUpperCase());
  const wmiCases = Object.entries(manufacturerIds)
    .map(([make, wmi]) => `WHEN ${sqlString(make)} THEN ${sqlString(wmi)}`)
    .join(" ");

  await connection.run(`
    CREATE OR REPLACE TEMP MACRO draw(key, purpose) AS
      ((hash(key, purpose) % 1000000)::DOUBLE + 0.5) / 1000000;

    CREATE OR REPLACE TEMP TABLE listed AS
    SELECT
      *,
      ${prefix} || '-L' || substr(md5(listing_key), 1, 12) AS vehicle_id,
      ${prefix} || '-C' || substr(md5(listing_key), 1, 12) AS contract_id,
      coalesce(CASE make ${wmiCases} END, 'XX' || substr('ABCDEFGHJKLMNPRSTUVWXYZ', 1 + (hash(make) % 23)::INTEGER, 1))
        || array_to_string(list_transform(range(14),
          k -> substr('ABCDEFGHJKLMNPRSTUVWXYZ0123456789',
            1 + (hash(listing_key, 'vin', k) % 33)::INTEGER, 1)), '') AS vin,
      greatest(
        ${reference} + to_months(CAST(floor(24 * draw(listing_key, 'end')) AS INTEGER) - 4),
        registration_date + INTERVAL 12 MONTH
      )::DATE AS end_date,
      CASE WHEN draw(listing_key, 'term') < 0.5 THEN 36 ELSE 48 END AS term
    FROM listings
    WHERE registration_date IS NOT NULL AND price_eur > 0;

    CREATE OR REPLACE TEMP TABLE leased AS
    SELECT
      *,
      greatest(registration_date, end_date - to_months(term))::DATE AS start_date
    FROM listed;

    CREATE OR REPLACE TEMP TABLE priced AS
    SELECT
      *,
      start_date = registration_date AS leased_new,
      date_diff('day', start_date, end_date) / 30.4375 AS term_months,
      price_eur * exp(0.008 * date_diff('day', start_date, valuation_date) / 30.4375)
        / CASE WHEN start_date = registration_date THEN 0.87 ELSE 1 END
        * (0.95 + 0.10 * draw(listing_key, 'price')) AS purchase_price,
      greatest(date_diff('day', registration_date, valuation_date) / 365.25, 0.25)
        AS years_at_valuation
    FROM leased;
  `);

  await connection.run(`
    CREATE OR REPLACE TEMP TABLE fleet_vehicles AS
    SELECT vehicle_id, vin, make, model, version, fuel, gearbox, body,
      power_hp, registration_date AS first_registration_date,
      NULL::DOUBLE AS list_price_eur
    FROM priced;

    CREATE OR REPLACE TEMP TABLE fleet_contracts AS
    SELECT
      contract_id,
      vehicle_id,
      ${prefix} || '-K' || substr(md5(listing_key || 'customer'), 1, 6) AS customer_id,
      start_date,
      end_date,
      CAST(round(term_months) AS INTEGER) AS duration_months,
      CAST(greatest(5000, ceil(coalesce(mileage_km, 0) / years_at_valuation / 5000) * 5000)
        * (1 + 0.2 * draw(listing_key, 'allowance')) * term_months / 12 AS BIGINT)
        AS km_allowance,
      round(purchase_price, 2) AS purchase_price_eur,
      round(purchase_price * exp(-0.0095 * term_months)
        * CASE WHEN leased_new THEN 0.87 ELSE 1 END
        * (0.93 + 0.14 * draw(listing_key, 'residual')), 2) AS residual_value_eur,
      CASE WHEN end_date <= ${reference} THEN 'returned' ELSE 'active' END AS status,
      CASE WHEN end_date <= ${reference} THEN end_date END AS returned_date
    FROM priced;

    CREATE OR REPLACE TEMP TABLE fleet_odometer_readings AS
    SELECT vehicle_id, start_date AS reading_date,
      CAST(round(coalesce(mileage_km, 0)
        * least(1, date_diff('day', registration_date, start_date)
          / greatest(date_diff('day', registration_date, valuation_date), 1))) AS BIGINT)
        AS odometer_km,
      'delivery' AS source
    FROM priced
    WHERE start_date < valuation_date
    UNION ALL
    SELECT vehicle_id, valuation_date, mileage_km, 'inspection'
    FROM priced
    WHERE mileage_km IS NOT NULL;

    CREATE OR REPLACE TEMP TABLE fleet_damage_reports AS
    SELECT '' AS damage_id, '' AS vehicle_id, '' AS reported_on,
      '' AS category, '' AS estimated_cost_eur, '' AS status
    WHERE false;

    CREATE OR REPLACE TEMP TABLE partner_rows AS
    SELECT vin, make, model, valuation_date,
      coalesce(mileage_text, '') AS mileage_text,
      price_text AS trade_text,
      '' AS retail_text
    FROM priced;
  `);
}
