import type { Project } from "../project/index.ts";
import { resolveConfig } from "./config.ts";
import type { RenderScope } from "./render-scope.ts";
import type { NodeConfig } from "./types.ts";

/** What decides `is_incremental()`: the data a run finds, and its flags. */
export interface IncrementalInputs {
  /** Models with published data for the run's country; none when compiling. */
  readonly existingModels?: ReadonlySet<string>;
  /** `--full-refresh`: rebuild incremental models from scratch. */
  readonly fullRefresh?: boolean;
}

/**
 * Decides whether a model renders in incremental mode: it is materialized
 * `incremental`, its previous data exists, and the run is not a full
 * refresh (unless the model sets `full_refresh: false`, as in dbt).
 */
export function isIncrementalModel(
  config: NodeConfig,
  model: string,
  inputs: IncrementalInputs,
): boolean {
  if (config.materialized !== "incremental") return false;
  if (!inputs.existingModels?.has(model)) return false;
  return !inputs.fullRefresh || config.raw.full_refresh === false;
}

/**
 * `is_incremental()` while a model renders. The config is resolved from the
 * folder defaults, the property YAML and the `config()` calls made so far,
 * so a model calls `config(materialized='incremental')` before it.
 */
export function isIncrementalInScope(
  project: Project,
  scope: RenderScope | undefined,
  inputs: IncrementalInputs,
): boolean {
  if (!scope) return false;
  const model = project.models.find((m) => m.name === scope.node);
  if (!model) return false;
  const config = resolveConfig(
    project.settings.modelFolders,
    model.folders,
    [project.modelProperties.get(model.name)?.config ?? {}, scope.config],
    project.countries.size > 0,
  );
  return isIncrementalModel(config, model.name, inputs);
}
