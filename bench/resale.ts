import { cp, mkdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { measure, summarize } from "./measure.ts";
import {
  bundledNode,
  workDir,
  type Result,
  type SuiteOptions,
} from "./suites.ts";

/** Files and folders of the resale project at the repository root. */
const projectEntries = [
  "strata.yml",
  "countries.yml",
  "sources.yml",
  "models",
  "macros",
  "seeds",
  path.join("tests", "data"),
];
const country = "fr";
const referenceDate = "2026-10-01";

/**
 * Builds the resale project for one country on a generated landing zone of
 * `vehicles` vehicles. The project is copied under bench/.work, so its
 * target/ and catalog lock never meet a run in the repository itself.
 */
export async function resaleBuild(
  options: SuiteOptions,
  repoDir: string,
  vehicles: number,
): Promise<Result> {
  const base = path.join(workDir, "resale");
  const projectDir = path.join(base, "project");
  const landingDir = path.join(base, `landing-${vehicles}`);
  await rm(projectDir, { recursive: true, force: true });
  for (const entry of projectEntries) {
    const from = path.join(repoDir, entry);
    if (existsSync(from)) {
      await cp(from, path.join(projectDir, entry), { recursive: true });
    }
  }
  if (!existsSync(landingDir)) {
    await mkdir(landingDir, { recursive: true });
    options.log(`resale: generating ${vehicles} vehicles in ${landingDir}`);
    await measure({
      program: process.execPath,
      args: [
        "--import",
        "tsx",
        path.join(repoDir, "scripts", "generate-landing.ts"),
        `--vehicles=${vehicles}`,
        `--countries=${country}`,
        `--out=${landingDir}`,
        `--reference-date=${referenceDate}`,
        `--project-dir=${projectDir}`,
      ],
      cwd: repoDir,
    });
  }
  const vars = JSON.stringify({
    landing_dir: landingDir,
    reference_date: referenceDate,
  });
  const command = bundledNode("bench/strata-cli.ts", [
    "build",
    "--project-dir",
    projectDir,
    "--country",
    country,
    "--vars",
    vars,
  ]);
  const samples = [];
  for (let run = 1; run <= options.runs; run++) {
    await rm(path.join(projectDir, "target"), { recursive: true, force: true });
    samples.push(await measure(command));
    options.log(
      `resale build ${vehicles} run ${run}: ${samples.at(-1)!.seconds.toFixed(2)} s, ${samples.at(-1)!.peakRssMiB.toFixed(0)} MiB`,
    );
  }
  return {
    benchmark: "resale build, one country",
    tool: "strata",
    size: `${vehicles.toLocaleString("en")} vehicles`,
    command: `strata build --country ${country}`,
    summary: summarize(samples),
  };
}
