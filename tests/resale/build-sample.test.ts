import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateLanding } from "../../scripts/generate-landing.ts";
import { queryPartition } from "../../scripts/landing/warehouse.ts";
import { copyProject, runStrata } from "./project-copy.ts";

const countries = ["fr", "de", "es"];
const vehicles = 1500;
const segments = [
  "PROPOSE_NOW",
  "PROPOSE_NEXT_QUARTER",
  "EXTEND",
  "HOLD",
  "REVIEW",
];

describe("resale project on the generated sample", async () => {
  const projectDir = await copyProject();
  const landingDir = join(projectDir, "landing");
  await generateLanding({
    vehicles,
    outDir: landingDir,
    countries,
    seed: 42,
    referenceDate: "2026-10-01",
    projectDir,
  });

  it.each(countries)(
    "builds %s with every data test passing",
    async (country) => {
      const result = await runStrata([
        "build",
        "--country",
        country,
        "--project-dir",
        projectDir,
        "--quiet",
        "--vars",
        JSON.stringify({ reference_date: "2026-10-01" }),
      ]);
      expect(result.err.join("\n")).not.toMatch(/FAIL|ERROR/);
      expect(result.exitCode).toBe(0);

      const [counts] = await queryPartition(
        projectDir,
        "resale_candidates",
        country,
        `SELECT count(*)::INTEGER AS rows,
           count(DISTINCT vehicle_id)::INTEGER AS vehicles,
           list(DISTINCT segment) AS segments
         FROM partition`,
      );
      expect(counts?.rows).toBe(vehicles);
      expect(counts?.vehicles).toBe(vehicles);
      for (const segment of counts?.segments as string[]) {
        expect(segments).toContain(segment);
      }

      // Every generated quotation is well formed, so staging must parse
      // each one, whatever the country's separators, suffixes and encoding.
      const [quotations] = await queryPartition(
        projectDir,
        "stg_quotations",
        country,
        `SELECT count(*)::INTEGER AS rows,
           count(*) FILTER (WHERE NOT is_usable)::INTEGER AS unusable,
           count(*) FILTER (WHERE retail_value_eur IS NULL)::INTEGER
             AS without_retail,
           count(*) FILTER (WHERE vehicle_id IS NULL)::INTEGER AS unmatched,
           -- The generator's retail values are 15-22% above the trade value
           -- before noise, so a misread decimal separator shows up here.
           count(*) FILTER (WHERE retail_value_eur
             NOT BETWEEN 0.4 * trade_value_eur AND 1.5 * trade_value_eur
           )::INTEGER AS implausible_retail
         FROM partition`,
      );
      expect(quotations?.rows).toBeGreaterThan(vehicles);
      expect(quotations?.unusable).toBe(0);
      expect(quotations?.without_retail).toBe(0);
      expect(quotations?.unmatched).toBe(0);
      expect(quotations?.implausible_retail).toBe(0);

      const summary = await queryPartition(
        projectDir,
        "remarketing_summary",
        country,
        "SELECT segment, vehicles::INTEGER AS vehicles FROM partition",
      );
      const total = summary.reduce((sum, row) => sum + Number(row.vehicles), 0);
      expect(summary.map((row) => row.segment).sort()).toEqual(
        [...segments].sort(),
      );
      expect(total).toBe(vehicles);
    },
    180_000,
  );
});
