import * as z from "zod";
import { partnerLayoutSchema, QUOTATION_COLUMNS } from "./layout.ts";

const envName = z
  .string()
  .regex(
    /^[A-Z_][A-Z0-9_]*$/,
    "expected an environment variable name such as STRATA_FR_SFTP_KEY",
  );

/** A remote folder: absolute, without `..` or empty segments. */
const remoteDir = z
  .string()
  .regex(
    /^\/([A-Za-z0-9._-]+\/?)*$/,
    "expected an absolute remote folder such as /outbox",
  )
  .refine((p) => !p.split("/").includes(".."), "must not contain ..");

/**
 * Sources of the SFTP credentials. Values are read from the named files
 * or environment variables at connect time, and countries.yml contains
 * only their names.
 */
export const sftpAuthSchema = z
  .strictObject({
    /** Private key file (OpenSSH or PEM format). */
    private_key_file: z.string().min(1).optional(),
    /** Environment variable holding the path of the private key file. */
    private_key_file_env: envName.optional(),
    /** Environment variable holding the key's passphrase. */
    passphrase_env: envName.optional(),
    /** Environment variable holding the password. */
    password_env: envName.optional(),
    /** File whose first line is the password. */
    password_file: z.string().min(1).optional(),
  })
  .refine(
    (auth) =>
      auth.private_key_file ??
      auth.private_key_file_env ??
      auth.password_env ??
      auth.password_file,
    "name a private key (private_key_file or private_key_file_env) or a password (password_env or password_file)",
  );

/**
 * The `partner.sftp:` section of a country in countries.yml.
 *
 * ```yaml
 * sftp:
 *   host: sftp.partner.example
 *   port: 22
 *   user: resale-fr
 *   host_key_sha256: "SHA256:mVPVY3x1s0U0LUpCKtv4r0SmO+zg4ZLHEhNw2S8jh9I"
 *   auth: { private_key_file_env: STRATA_FR_SFTP_KEY_FILE }
 *   outbox: /outbox
 *   inbox: /inbox
 *   request_file: "demandes_{quarter}.csv"
 * ```
 */
export const sftpSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().min(1),
  /** The server's host key as `ssh-keygen -lf` prints it. */
  host_key_sha256: z
    .string()
    .regex(
      /^SHA256:[A-Za-z0-9+/]{43}=?$/,
      'expected a fingerprint as `ssh-keygen -l -E sha256 -f key.pub` prints it, such as "SHA256:mVPV…h9I"',
    ),
  auth: sftpAuthSchema,
  /** Remote folder where the partner leaves quotation files. */
  outbox: remoteDir,
  /** Remote folder where strata uploads the request files. */
  inbox: remoteDir,
  /** Name of the request file; `{quarter}` becomes e.g. `2027-Q1`. */
  request_file: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._{}-]*$/,
      "expected a file name without folders, such as demandes_{quarter}.csv",
    ),
  /** Completeness signal of a quotation file. */
  complete_when: z.enum(["checksum", "end_marker"]).default("checksum"),
  /** Last line of a complete file when `complete_when: end_marker`. */
  end_marker: z.string().min(1).default("#EOF"),
  /** A file's size must not change for this long before it is read. */
  stable_seconds: z.number().min(0).default(5),
  connect_timeout_seconds: z.number().positive().default(20),
  transfer_timeout_seconds: z.number().positive().default(300),
  /** Attempts after the first one for refused or timed-out connections. */
  retries: z.number().int().min(0).max(10).default(3),
  /** Wait before the first retry; doubled for each further retry. */
  retry_backoff_seconds: z.number().min(0).default(5),
  /** Local folder, relative to the project, that receives quotation files. */
  landing_dir: z.string().min(1),
  /** Platform columns a quotation file must have, named as in layout.columns. */
  quotation_columns: z
    .array(z.string())
    .min(1)
    .default([...QUOTATION_COLUMNS]),
  /** Platform columns that must not be empty in a quotation file. */
  required_columns: z
    .array(z.string())
    .default(["vin", "valuation_date", "trade_value"]),
});

/** The parsed `partner.sftp:` section. */
export type SftpSettings = z.infer<typeof sftpSchema>;

/**
 * The `partner:` section as the exchange reads it: `sftp` as above and
 * `layout` (defined by the resale project, see layout.ts). Other keys,
 * such as the partner's name, are kept.
 */
export const partnerSectionSchema = z.looseObject({
  sftp: sftpSchema.optional(),
  layout: partnerLayoutSchema.optional(),
});
