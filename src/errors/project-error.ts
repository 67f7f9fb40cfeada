import { StrataError } from "./strata-error.ts";

/**
 * Problems in the project's files (YAML, templates, graph). The CLI exits
 * with code 2 and nothing runs.
 */
export class ProjectError extends StrataError {
  override name = "ProjectError";
}
