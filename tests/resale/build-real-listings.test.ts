import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  convertListings,
  defaultListingsDir,
} from "../../scripts/convert-listings.ts";
import { queryPartition } from "../../scripts/landing/warehouse.ts";
import { copyProject, repositoryDir, runStrata } from "./project-copy.ts";

const listingsDir = defaultListingsDir(repositoryDir);
const available = existsSync(listingsDir);

if (!available) {
  console.log(
    `Skipping the real-listings builds: ${listingsDir} is absent ` +
      "(the listings are not part of the repository).",
  );
}

describe.skipIf(!available)("resale project on real listings", async () => {
  // Vitest still collects a skipped suite, which runs this callback.
  if (!available) return;
  const projectDir = await copyProject();
  const landingDir = join(projectDir, "landing-real");
  const converted = await convertListings({
    listingsDir,
    outDir: landingDir,
    countries: ["fr", "de", "es"],
    projectDir,
  });

  it.each(converted)(
    "builds $country with every data test passing",
    async ({ country, referenceDate }) => {
      const vars = {
        landing_dir: "landing-real",
        reference_date: referenceDate,
        curve_holdout_fold: 0,
      };
      const result = await runStrata([
        "build",
        "--country",
        country,
        "--project-dir",
        projectDir,
        "--quiet",
        "--vars",
        JSON.stringify(vars),
      ]);
      expect(result.err.join("\n")).not.toMatch(/FAIL|ERROR/);
      expect(result.exitCode).toBe(0);

      const [candidates] = await queryPartition(
        projectDir,
        "resale_candidates",
        country,
        `SELECT count(*)::INTEGER AS rows,
           count(DISTINCT vehicle_id)::INTEGER AS vehicles
         FROM partition`,
      );
      expect(candidates?.rows).toBeGreaterThan(1000);
      expect(candidates?.rows).toBe(candidates?.vehicles);

      const [evaluation] = await queryPartition(
        projectDir,
        "curve_evaluation",
        country,
        "SELECT * FROM partition",
      );
      const curve = Number(evaluation?.curve_mdape_pct);
      expect(evaluation?.evaluation).toBe("held_out_fold_0");
      expect(curve).toBeLessThan(Number(evaluation?.model_baseline_mdape_pct));
      expect(curve).toBeLessThan(Number(evaluation?.baseline_mdape_pct));
    },
    600_000,
  );
});
