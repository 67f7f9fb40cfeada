export { loadProject, type LoadOptions } from "./load-project.ts";
export { folderDefaults } from "./folder-defaults.ts";
export { strataLayout } from "./dbt-project.ts";
export type * from "./types.ts";
export type { ColumnInput, NodeConfigInput, TargetInput } from "./schemas.ts";
export {
  parseCsvRows,
  type FixtureRow,
  type GivenInput,
  type UnitTestDefinition,
} from "./unit-tests.ts";
