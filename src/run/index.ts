export {
  runProject,
  strataVersion,
  type CountryPlan,
  type RunCommand,
  type RunOptions,
  type RunOutcome,
} from "./run-project.ts";
export type { NodeResult } from "./execute-plan.ts";
