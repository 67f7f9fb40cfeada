/**
 * Stable codes of the errors users see. Each code has a test that asserts
 * its message; a plain `Error` reaching the CLI is a bug in strata.
 */
export type ErrorCode =
  | "yaml-syntax"
  | "yaml-schema"
  | "project-not-found"
  | "duplicate-name"
  | "template-error"
  | "unknown-ref"
  | "unknown-source"
  | "unknown-var"
  | "unknown-env-var"
  | "unknown-country"
  | "country-param-invalid"
  | "unknown-test"
  | "dependency-cycle"
  | "invalid-selector"
  | "invalid-option"
  | "sql-error"
  | "lock-timeout"
  | "seed-error"
  | "engine-error"
  | "unknown-macro"
  | "invalid-config"
  | "schema-change"
  | "hook-error"
  | "state-missing"
  | "state-invalid"
  | "selectors-invalid"
  | "retry-without-results"
  | "unit-test-invalid"
  | "dbt-profile-missing"
  | "dbt-profile-invalid"
  | "docs-not-generated";

/**
 * One problem found in a project, with where it is and what to do. The CLI
 * prints it as `file:line:column: message` followed by the hint.
 */
export interface Diagnostic {
  readonly code: ErrorCode;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
  readonly model?: string;
}

/** An error a user can act on, carrying one or more diagnostics. */
export class StrataError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: Diagnostic | readonly Diagnostic[]) {
    const list = Array.isArray(diagnostics)
      ? (diagnostics as readonly Diagnostic[])
      : [diagnostics as Diagnostic];
    super(list.map((d) => d.message).join("\n"));
    this.name = "StrataError";
    this.diagnostics = list;
  }

  get code(): ErrorCode {
    return this.diagnostics[0]!.code;
  }
}
