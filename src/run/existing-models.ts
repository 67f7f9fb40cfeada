import { createEngine, type EngineOptions } from "../engines/index.ts";
import type { RunCommand } from "./run-project.ts";

/**
 * Lists, per country of the run, the models with published data, so
 * `is_incremental()` renders true for them. Only commands that build
 * models look; `compile` renders every incremental model in full mode.
 */
export async function existingModelsByCountry(
  command: RunCommand,
  engineName: string,
  options: EngineOptions,
  countries: readonly (string | null)[],
): Promise<Map<string | null, ReadonlySet<string>>> {
  const found = new Map<string | null, ReadonlySet<string>>();
  if (!["run", "build", "snapshot"].includes(command)) return found;
  const engine = createEngine(engineName, options);
  for (const country of countries) {
    found.set(country, await engine.existingModels(country));
  }
  return found;
}
