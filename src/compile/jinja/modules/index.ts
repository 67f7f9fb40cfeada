import { createDatetimeModule } from "./datetime-module.ts";
import { createReModule } from "./re-module.ts";

/** Creates the `modules` global: the Python modules dbt exposes to templates. */
export function createModules(now: () => Date) {
  return {
    datetime: createDatetimeModule(now),
    re: createReModule(),
  };
}
