import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ExchangeError } from "./errors.ts";
import type { SftpSettings } from "./sftp-schema.ts";

/**
 * Secrets for one connection. Kept out of events and errors: nothing in
 * the exchange formats this object.
 */
export interface Credentials {
  readonly privateKey?: Buffer;
  readonly passphrase?: string;
  readonly password?: string;
}

function missing(country: string, what: string, hint: string): ExchangeError {
  return new ExchangeError({
    code: "exchange-credentials-missing",
    subject: `countries.${country}.partner.sftp.auth`,
    message: what,
    hint,
  });
}

function readEnv(
  country: string,
  name: string,
  env: NodeJS.ProcessEnv,
): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw missing(
      country,
      `environment variable ${name} is not set`,
      `Set ${name} before running strata.`,
    );
  }
  return value;
}

function readSecretFile(
  country: string,
  path: string,
  setting: string,
): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw missing(
      country,
      `can not read the ${setting} file ${path} (${code})`,
      "Check the path and that strata may read the file.",
    );
  }
}

/**
 * Reads the credentials that `auth` names from files and environment
 * variables. Relative file paths are relative to the project folder.
 */
export function loadCredentials(
  country: string,
  auth: SftpSettings["auth"],
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Credentials {
  let keyPath = auth.private_key_file;
  if (auth.private_key_file_env)
    keyPath = readEnv(country, auth.private_key_file_env, env);
  const privateKey = keyPath
    ? readSecretFile(country, resolve(projectDir, keyPath), "private key")
    : undefined;

  let password: string | undefined;
  if (auth.password_env) password = readEnv(country, auth.password_env, env);
  else if (auth.password_file) {
    const text = readSecretFile(
      country,
      resolve(projectDir, auth.password_file),
      "password",
    );
    password = text.toString("utf8").split(/\r?\n/)[0];
  }

  const passphrase = auth.passphrase_env
    ? readEnv(country, auth.passphrase_env, env)
    : undefined;
  return { privateKey, password, passphrase };
}
