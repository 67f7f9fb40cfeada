import type { DuckDBConnection } from "@duckdb/node-api";
import { catalogue } from "./catalogue.ts";
import { sqlString } from "./partner-file.ts";
import { manufacturerIds, sourceLabels } from "./source-labels.ts";

/** Options of one country's synthetic fleet. */
export interface FleetOptions {
  country: string;
  vehicles: number;
  seed: number;
  /** First day of the quarter the fleet is positioned at (ISO date). */
  referenceDate: string;
}

/**
 * Creates the temporary tables fleet_vehicles, fleet_contracts,
 * fleet_odometer_readings, fleet_damage_reports and fleet_quotations for one
 * country, in landing-zone shape (source labels, raw VINs).
 *
 * Every random draw is `hash(row, purpose, seed, country)`, so the output
 * depends only on the options and the DuckDB version, never on thread
 * scheduling. The figures are documented in docs/sample-data.md.
 */
export async function createSyntheticFleet(
  connection: DuckDBConnection,
  options: FleetOptions,
): Promise<void> {
  const steps = [
    helperMacros(options.seed, options.country),
    catalogueTable(options.country),
    vehicleTable(options),
    contractTables(options.country),
    odometerTable(),
    damageTable(options.country),
    quotationTable(),
  ];
  for (const sql of steps) {
    await connection.run(sql);
  }
}

function helperMacros(seed: number, country: string): string {
  const salt = `${seed}, ${sqlString(country)}`;
  // u() is uniform on (0, 1), and gauss() a standard normal (Box-Muller).
  return `
    CREATE OR REPLACE TEMP MACRO u(i, purpose) AS
      ((hash(i, purpose, ${salt}) % 1000000)::DOUBLE + 0.5) / 1000000;
    CREATE OR REPLACE TEMP MACRO gauss(i, purpose) AS
      sqrt(-2 * ln(u(i, purpose || '/a'))) * cos(2 * pi() * u(i, purpose || '/b'));
    CREATE OR REPLACE TEMP MACRO pick(i, purpose, n) AS
      (hash(i, purpose, ${salt}) % n)::INTEGER;
    -- Trade value as a share of the list price: a first drop, then an
    -- exponential decline by age and by kilometre (see docs/sample-data.md).
    CREATE OR REPLACE TEMP MACRO retention(fuel, brand, age_months, km) AS
      brand * 0.86
        * exp(-(CASE fuel WHEN 'diesel' THEN 0.0105 WHEN 'hybrid' THEN 0.0090
                WHEN 'plugin_hybrid' THEN 0.0120 WHEN 'electric' THEN 0.0150
                ELSE 0.0095 END) * age_months)
        * exp(-2.0e-6 * km);
  `;
}

function catalogueTable(country: string): string {
  const labels = sourceLabels[country];
  if (!labels) {
    throw new Error(`No source labels for country ${country}.`);
  }

  const rows = catalogue.map((version, index) => {
    const weight = version.weight[country as "fr" | "de" | "es"];
    const values = [
      String(index),
      sqlString(version.make),
      sqlString(labels.makeVariants[version.make] ?? version.make),
      sqlString(manufacturerIds[version.make] ?? "XXX"),
      sqlString(version.model),
      sqlString(version.body),
      sqlString(labels.body[version.body]),
      sqlString(version.fuel),
      sqlString(labels.fuel[version.fuel]),
      String(version.powerHp),
      String(version.listPriceEur),
      String(slotWeight(weight)),
      String(version.brand),
    ];
    return `(${values.join(", ")})`;
  });

  return `
    CREATE OR REPLACE TEMP TABLE catalogue AS
    SELECT * FROM (VALUES ${rows.join(",\n")}) t(
      version_id, make, make_variant, wmi, model, body, body_label, fuel,
      fuel_label, power_hp, list_price, weight, brand);
    CREATE OR REPLACE TEMP TABLE catalogue_slots AS
    SELECT version_id, (row_number() OVER (ORDER BY version_id, r) - 1) AS slot
    FROM catalogue, range(weight) s(r);
    CREATE OR REPLACE TEMP TABLE gearbox_labels AS
    SELECT ${sqlString(labels.gearbox.manual)} AS manual,
           ${sqlString(labels.gearbox.automatic)} AS automatic;
  `;
}

// A version's number of slots in the draw: ten per unit of weight, at least
// one so that every version appears.
function slotWeight(weight: number): number {
  return Math.max(1, Math.round(weight * 10));
}

function slotCount(country: string): number {
  const key = country as "fr" | "de" | "es";
  return catalogue.reduce(
    (sum, version) => sum + slotWeight(version.weight[key]),
    0,
  );
}

function vehicleTable(options: FleetOptions): string {
  const prefix = options.country.toUpperCase();
  const reference = `DATE ${sqlString(options.referenceDate)}`;

  return `
    CREATE OR REPLACE TEMP TABLE run_reference AS SELECT ${reference} AS ref;

    CREATE OR REPLACE TEMP TABLE draws AS
    SELECT
      i,
      c.*,
      [24, 36, 36, 48, 48, 48, 60][1 + pick(i, 'term', 7)] AS term_months,
      u(i, 'used') < 0.08 AS is_used,
      6 + pick(i, 'used_age', 25) AS used_age_months,
      -- Kilometres per year by fuel, vans 30% more.
      (CASE c.fuel WHEN 'diesel' THEN 24000 WHEN 'hybrid' THEN 15000
        WHEN 'plugin_hybrid' THEN 14000 WHEN 'electric' THEN 15000
        ELSE 13000 END)
        * (CASE WHEN c.body = 'van' THEN 1.3 ELSE 1.0 END)
        * exp(0.25 * gauss(i, 'km_base')) AS km_base,
      exp(0.18 * gauss(i, 'km_actual')) AS km_usage_ratio,
      exp(0.05 * gauss(i, 'condition')) AS condition_factor,
      exp(0.07 * gauss(i, 'rv_bias')) AS rv_bias,
      0.06 + 0.10 * u(i, 'discount') AS discount
    FROM range(1, ${options.vehicles + 1}) r(i)
    JOIN catalogue_slots s
      ON s.slot = pick(i, 'model', ${slotCount(options.country)})
    JOIN catalogue c USING (version_id);

    CREATE OR REPLACE TEMP TABLE fleet AS
    SELECT
      *,
      ${sqlString(prefix)} || '-V' || lpad(i::VARCHAR, 9, '0') AS vehicle_id,
      ${sqlString(prefix)} || '-C' || lpad(i::VARCHAR, 9, '0') AS contract_id,
      wmi || array_to_string(list_transform(range(14),
        k -> substr('ABCDEFGHJKLMNPRSTUVWXYZ0123456789',
          1 + pick(i * 100 + k, 'vin', 33), 1)), '') AS vin,
      (${reference} - to_months(pick(i, 'elapsed', term_months + 7))
        - to_days(pick(i, 'start_day', 28)))::DATE AS start_date,
      greatest(10000, least(60000,
        round(km_base / 5000) * 5000)) AS km_allowance_per_year,
      CASE WHEN c_fuel_auto OR u(i, 'gearbox') < 0.4
        THEN 'automatic' ELSE 'manual' END AS gearbox
    FROM (SELECT *, fuel IN ('hybrid', 'plugin_hybrid', 'electric')
            AS c_fuel_auto FROM draws);

    CREATE OR REPLACE TEMP TABLE fleet_facts AS
    SELECT
      *,
      (start_date + to_months(term_months))::DATE AS end_date,
      CASE WHEN is_used THEN (start_date - to_months(used_age_months))::DATE
        ELSE start_date END AS first_registration_date,
      CASE WHEN is_used THEN used_age_months * km_base / 12 ELSE 0 END
        AS km_at_start,
      km_allowance_per_year * km_usage_ratio / 365.25 AS km_per_day
    FROM fleet;

    CREATE OR REPLACE TEMP TABLE fleet_vehicles AS
    SELECT
      vehicle_id,
      CASE WHEN u(i, 'vin_case') < 0.03 THEN '  ' || lower(vin) || ' '
        ELSE vin END AS vin,
      CASE WHEN u(i, 'make_variant') < 0.3 THEN make_variant
        ELSE make END AS make,
      model,
      model || ' ' || power_hp || ' hp' AS version,
      fuel_label AS fuel,
      CASE gearbox WHEN 'manual' THEN (SELECT manual FROM gearbox_labels)
        ELSE (SELECT automatic FROM gearbox_labels) END AS gearbox,
      body_label AS body,
      power_hp::INTEGER AS power_hp,
      first_registration_date,
      list_price::DOUBLE AS list_price_eur
    FROM fleet_facts;
  `;
}

function contractTables(country: string): string {
  return `
    CREATE OR REPLACE TEMP TABLE fleet_contracts AS
    SELECT
      contract_id,
      vehicle_id,
      ${sqlString(country.toUpperCase())} || '-K' ||
        lpad((1 + pick(i, 'customer', 5000))::VARCHAR, 6, '0') AS customer_id,
      start_date,
      -- A few contracts whose end precedes their start: a fleet-system error.
      CASE WHEN u(i, 'bad_dates') < 0.003 THEN (start_date - INTERVAL 30 DAY)::DATE
        ELSE end_date END AS end_date,
      term_months AS duration_months,
      (km_allowance_per_year * term_months / 12)::BIGINT AS km_allowance,
      round(CASE WHEN is_used
        THEN list_price * retention(fuel, 1.0, used_age_months, km_at_start)
        ELSE list_price * (1 - discount) END, 2) AS purchase_price_eur,
      round(list_price * 0.80
        * exp(-0.0115 * (term_months + CASE WHEN is_used THEN used_age_months ELSE 0 END))
        * exp(-1.9e-6 * (km_at_start + km_allowance_per_year * term_months / 12))
        * rv_bias, 2) AS residual_value_eur,
      CASE WHEN end_date <= ref THEN 'returned' ELSE 'active' END AS status,
      CASE WHEN end_date <= ref
        THEN least(ref, end_date + to_days(pick(i, 'return_day', 20)))::DATE
      END AS returned_date
    FROM fleet_facts, run_reference;
  `;
}

function odometerTable(): string {
  // Readings every 90 to 150 days from the contract start, up to the
  // reference date or the return. A few odometers go backwards (a typo or a
  // replaced instrument cluster) and a few read 999999 (a placeholder).
  return `
    CREATE OR REPLACE TEMP TABLE reading_dates AS
    SELECT
      i, vehicle_id, start_date, km_at_start, km_per_day, k,
      (start_date + to_days(k * (90 + pick(i, 'spacing', 61))))::DATE
        AS reading_date
    FROM fleet_facts f, range(0, 24) t(k)
    WHERE start_date + to_days(k * (90 + pick(i, 'spacing', 61)))
      <= end_date + INTERVAL 10 DAY;

    CREATE OR REPLACE TEMP TABLE fleet_odometer_readings AS
    WITH readings AS (
      SELECT
        vehicle_id, i, k, reading_date,
        CASE WHEN k = 0 THEN 'delivery'
          WHEN k % 3 = 0 THEN 'service' ELSE 'telematics' END AS source,
        round(km_at_start + km_per_day * (reading_date - start_date)
          + CASE WHEN k = 0 THEN 0 ELSE 40 * gauss(i * 100 + k, 'km_noise') END)
          AS odometer_km
      FROM reading_dates
      WHERE reading_date <= (SELECT ref FROM run_reference)
        AND (k = 0 OR reading_date > start_date)
    ),
    faulty AS (
      SELECT vehicle_id, reading_date, source,
        CASE
          WHEN k = 2 AND u(i, 'rollback') < 0.005
            THEN greatest(0, odometer_km - 8000 - pick(i, 'rollback_km', 12000))
          WHEN k = 3 AND u(i, 'placeholder') < 0.001 THEN 999999
          ELSE odometer_km END::BIGINT AS odometer_km,
        u(i * 100 + k, 'duplicate') < 0.01 AS duplicated
      FROM readings
    )
    SELECT vehicle_id, reading_date, odometer_km, source FROM faulty
    UNION ALL
    SELECT vehicle_id, reading_date, odometer_km, source FROM faulty
    WHERE duplicated;
  `;
}

function damageTable(country: string): string {
  return `
    CREATE OR REPLACE TEMP TABLE fleet_damage_reports AS
    WITH reference AS (SELECT ref FROM run_reference),
    reports AS (
      SELECT f.*, n,
        (start_date + to_days(pick(i * 10 + n, 'damage_day',
          greatest(1, least(ref, end_date) - start_date))))::DATE AS reported_on
      FROM fleet_facts f, reference, range(1, 3) t(n)
      WHERE u(i, 'damaged') < 0.18 AND (n = 1 OR u(i, 'second_damage') < 0.3)
    )
    SELECT
      ${sqlString(country.toUpperCase())} || '-D' || lpad(i::VARCHAR, 9, '0')
        || '-' || n AS damage_id,
      vehicle_id,
      strftime(reported_on, '%Y-%m-%d') AS reported_on,
      ['bodywork', 'windscreen', 'interior', 'tyres', 'mechanical']
        [1 + pick(i * 10 + n, 'damage_kind', 5)] AS category,
      round(exp(6.0 + 0.9 * gauss(i * 10 + n, 'damage_cost')), 2)::VARCHAR
        AS estimated_cost_eur,
      CASE WHEN reported_on < ref - INTERVAL 90 DAY
          AND u(i * 10 + n, 'repaired') < 0.7
        THEN 'repaired' ELSE 'open' END AS status
    FROM reports, reference;
  `;
}

function quotationTable(): string {
  // Up to three quarterly quotations per car; 7% of cars have none. The
  // latest is 1 to 100 days old for 85% of cars, up to 300 days for
  // the rest, and after the reference date for 3% of cars (the partner
  // delivered during the quarter). 0.5% are wildly off (a typo).
  return `
    CREATE OR REPLACE TEMP TABLE fleet_quotations AS
    WITH reference AS (SELECT ref FROM run_reference),
    latest AS (
      SELECT f.*, ref,
        CASE
          WHEN u(i, 'quote_future') < 0.03 THEN ref + to_days(1 + pick(i, 'quote_lag', 40))
          WHEN u(i, 'quote_fresh') < 0.85 THEN ref - to_days(1 + pick(i, 'quote_lag', 100))
          ELSE ref - to_days(1 + pick(i, 'quote_lag', 300))
        END::DATE AS latest_date
      FROM fleet_facts f, reference
      WHERE u(i, 'quoted') >= 0.07
    ),
    dated AS (
      SELECT *, (latest_date - to_days(91 * j))::DATE AS valuation_date, j
      FROM latest, range(0, 3) t(j)
    ),
    valued AS (
      SELECT *,
        round(km_at_start + km_per_day * (valuation_date - start_date))
          AS mileage_km,
        date_diff('day', first_registration_date, valuation_date) / 30.4375
          AS age_months
      FROM dated
      WHERE valuation_date > start_date
    )
    SELECT
      vin,
      make,
      model,
      valuation_date,
      mileage_km,
      round(list_price * retention(fuel, brand, age_months, mileage_km)
        * condition_factor * exp(0.03 * gauss(i * 10 + j, 'quote_noise'))
        * CASE WHEN u(i * 10 + j, 'quote_typo') < 0.005 THEN 2.2 ELSE 1 END,
        -1) AS trade_value,
      round(list_price * retention(fuel, brand, age_months, mileage_km)
        * condition_factor * (1.15 + 0.07 * u(i * 10 + j, 'retail')), 2)
        AS retail_value
    FROM valued;
  `;
}
