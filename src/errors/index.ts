export {
  StrataError,
  type Diagnostic,
  type ErrorCode,
} from "./strata-error.ts";
export { ProjectError } from "./project-error.ts";
export { formatDiagnostic, formatLocation } from "./format.ts";
