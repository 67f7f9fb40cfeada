import * as z from "zod";

/** Config keys strata reads; other keys are kept for macros and hooks. */
export const nodeConfigSchema = z.looseObject({
  materialized: z
    .enum(["view", "table", "ephemeral", "incremental", "snapshot"])
    .optional(),
  tags: z.union([z.string(), z.array(z.string())]).optional(),
  enabled: z.boolean().optional(),
  partition_by_country: z.boolean().optional(),
  description: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  column_types: z.record(z.string(), z.string()).optional(),
  severity: z.enum(["error", "warn", "ERROR", "WARN"]).optional(),
});

export type NodeConfigInput = z.infer<typeof nodeConfigSchema>;

const targetSchema = z.looseObject({
  engine: z.enum(["duckdb", "spark"]).default("duckdb"),
  path: z.string().optional(),
  threads: z.int().positive().optional(),
  settings: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional(),
});

export type TargetInput = z.infer<typeof targetSchema>;

export const projectFileSchema = z.strictObject({
  name: z.string().optional(),
  vars: z.record(z.string(), z.unknown()).optional(),
  models: z.record(z.string(), z.unknown()).optional(),
  seeds: z.record(z.string(), z.unknown()).optional(),
  targets: z.record(z.string(), targetSchema).optional(),
  default_target: z.string().optional(),
  on_run_start: z.array(z.string()).optional(),
  on_run_end: z.array(z.string()).optional(),
});

export type ProjectFileInput = z.infer<typeof projectFileSchema>;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const countrySchema = z.strictObject({
  name: z.string().optional(),
  time_zone: z
    .string()
    .refine(isTimeZone, "not an IANA time zone such as Europe/Paris"),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as EUR"),
  holidays: z
    .strictObject({
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, "expected an ISO country code such as FR"),
      region: z.string().optional(),
    })
    .optional(),
  params: z
    .record(
      z.string(),
      z.union([scalar, z.array(scalar), z.record(z.string(), scalar)]),
    )
    .default({}),
  calendar: z.unknown().optional(),
  partner: z.record(z.string(), z.unknown()).optional(),
});

export type CountryInput = z.infer<typeof countrySchema>;

/** Types that `param_types` in countries.yml can require of a param. */
export const paramTypes = ["number", "integer", "string", "boolean"] as const;

export type ParamType = (typeof paramTypes)[number];

export const countriesFileSchema = z.strictObject({
  param_types: z.record(z.string(), z.enum(paramTypes)).optional(),
  countries: z.record(
    z.string().regex(/^[a-z]{2}$/, "country codes are two lower-case letters"),
    countrySchema,
  ),
});

const testEntry = z.union([
  z.string(),
  z
    .record(z.string(), z.unknown())
    .refine((value) => Object.keys(value).length === 1, {
      message: "a test is a name, or a map with exactly one key: the test name",
    }),
]);

const columnSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  data_type: z.string().optional(),
  tests: z.array(testEntry).optional(),
  data_tests: z.array(testEntry).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export type ColumnInput = z.infer<typeof columnSchema>;

const freshnessLimit = z.strictObject({
  count: z.int().positive(),
  period: z.enum(["minute", "hour", "day"]),
});

const sourceTableSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  format: z.enum(["csv", "parquet"]).default("parquet"),
  path: z.string(),
  options: z.record(z.string(), z.unknown()).default({}),
  loaded_at_field: z.string().optional(),
  freshness: z
    .strictObject({
      warn_after: freshnessLimit.optional(),
      error_after: freshnessLimit.optional(),
      filter: z.string().optional(),
    })
    .optional(),
  columns: z.array(columnSchema).optional(),
  tests: z.array(testEntry).optional(),
  data_tests: z.array(testEntry).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export type SourceTableInput = z.infer<typeof sourceTableSchema>;

export const sourcesFileSchema = z.strictObject({
  version: z.number().optional(),
  sources: z.array(
    z.strictObject({
      name: z.string(),
      description: z.string().optional(),
      tables: z.array(sourceTableSchema),
      meta: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});

const nodePropertiesSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  config: nodeConfigSchema.optional(),
  columns: z.array(columnSchema).optional(),
  tests: z.array(testEntry).optional(),
  data_tests: z.array(testEntry).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export type NodePropertiesInput = z.infer<typeof nodePropertiesSchema>;

export const propertiesFileSchema = z.looseObject({
  version: z.number().optional(),
  models: z.array(nodePropertiesSchema).optional(),
  seeds: z.array(nodePropertiesSchema).optional(),
});
