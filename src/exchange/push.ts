import { join } from "node:path";
import type { Credentials } from "./credentials.ts";
import type { ExchangeEvent, ExchangeEventSink } from "./events.ts";
import { exchangeDir, Ledger } from "./ledger.ts";
import { sha256Hex, writeFileAtomically } from "./local-files.ts";
import { uploadAtomically } from "./pull.ts";
import { remotePath } from "./remote-names.ts";
import { withSession } from "./retry.ts";
import type { SftpSettings } from "./sftp-schema.ts";

export interface PushOptions {
  readonly country: string;
  readonly settings: SftpSettings;
  readonly credentials: Credentials;
  readonly targetDir: string;
  /** For example `2027-Q1`; fills `{quarter}` in `request_file`. */
  readonly quarter: string;
  /** The encoded request file (see `encodeRequestFile`). */
  readonly data: Buffer;
  readonly onEvent?: ExchangeEventSink;
}

export interface PushResult {
  readonly name: string;
  readonly sha256: string;
  /** False when the ledger shows the same file was pushed before. */
  readonly sent: boolean;
  /** Local copy under `target/exchange/<country>/outgoing/`. */
  readonly localCopy: string;
}

/** Returns the request file name of a quarter. */
export function requestFileName(
  settings: SftpSettings,
  country: string,
  quarter: string,
): string {
  return settings.request_file
    .replaceAll("{quarter}", quarter)
    .replaceAll("{country}", country);
}

/**
 * Uploads a request file to the partner's inbox in one step: the data goes
 * to a temporary dot name and is renamed into place, then its checksum
 * file `<name>.sha256` follows the same way, so the partner finds a
 * checksum only beside a complete file. A file already in the ledger with
 * the same name and content is not sent again.
 */
export async function pushRequests(options: PushOptions): Promise<PushResult> {
  const { settings, country } = options;
  const sink = options.onEvent ?? (() => {});
  const emit = (event: Omit<ExchangeEvent, "country">) =>
    sink({ country, ...event });
  const name = requestFileName(settings, country, options.quarter);
  const sha256 = sha256Hex(options.data);
  const localCopy = join(
    exchangeDir(options.targetDir, country),
    "outgoing",
    name,
  );
  writeFileAtomically(localCopy, options.data);

  // Validates the name before anything is sent.
  remotePath(settings.inbox, name);
  const ledger = Ledger.forCountry(options.targetDir, country);
  const before = ledger.find("push", name, options.data.length, sha256);
  if (before) {
    emit({
      code: "push-skipped",
      level: "info",
      file: name,
      message: `${name} was pushed on ${before.at} with the same content; not sent again`,
    });
    return { name, sha256, sent: false, localCopy };
  }

  await withSession(settings, options.credentials, emit, async (session) => {
    await uploadAtomically(session, options.data, settings.inbox, name);
    const checksum = Buffer.from(`${sha256}  ${name}\n`, "utf8");
    await uploadAtomically(session, checksum, settings.inbox, `${name}.sha256`);
  });

  ledger.append({
    direction: "push",
    status: "pushed",
    name,
    size: options.data.length,
    sha256,
  });
  emit({
    code: "file-pushed",
    level: "info",
    file: name,
    message: `${name} (${options.data.length} bytes) uploaded to ${settings.inbox}`,
  });
  return { name, sha256, sent: true, localCopy };
}
