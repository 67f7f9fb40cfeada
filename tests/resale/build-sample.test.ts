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
