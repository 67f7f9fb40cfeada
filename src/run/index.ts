export {
  runProject,
  type CountryPlan,
  type RunCommand,
  type RunOptions,
  type RunOutcome,
} from "./run-project.ts";
export { strataVersion } from "./version.ts";
export type { NodeResult } from "./execute-plan.ts";
