import { join, relative, resolve } from "node:path";
import type { Credentials } from "./credentials.ts";
import { ExchangeError } from "./errors.ts";
import type { ExchangeEvent, ExchangeEventSink } from "./events.ts";
import type { PartnerLayout } from "./layout.ts";
import { exchangeDir, Ledger } from "./ledger.ts";
import { landingPath, sha256Hex, writeFileAtomically } from "./local-files.ts";
import { checkQuotationFile } from "./quotation-file.ts";
import { globToRegExp, isSafeRemoteName, remotePath } from "./remote-names.ts";
import { withSession } from "./retry.ts";
import type { SftpSettings } from "./sftp-schema.ts";
import { SftpSession, type RemoteEntry } from "./sftp-session.ts";
import { decodePartnerText } from "./text-encoding.ts";
import { renderRejectionReport } from "./rejection-report.ts";

export interface PullOptions {
  readonly country: string;
  readonly settings: SftpSettings;
  readonly layout: PartnerLayout;
  readonly credentials: Credentials;
  /** `landing_dir` is relative to this folder. */
  readonly projectDir: string;
  /** The project's `target/`: ledger and local quarantine live there. */
  readonly targetDir: string;
  readonly onEvent?: ExchangeEventSink;
}

/** Outcome of one pull, by file name. */
export interface PullResult {
  readonly imported: string[];
  readonly rejected: Array<{ name: string; report: string }>;
  readonly duplicates: string[];
  /** Files left for a later pull: still being written or incomplete. */
  readonly waiting: string[];
}

const CHECKSUM_SUFFIX = ".sha256";

/**
 * Imports the partner's new quotation files. Lists the outbox, waits
 * until each file's size is stable and checks completeness (checksum file
 * or end marker). Then checks encoding, columns and values, lands the file
 * in one rename and moves the remote file to `processed/`. An invalid file is
 * quarantined under `target/exchange/<country>/rejected/` and moved to the
 * remote `rejected/` with a report. The ledger keeps a file from being
 * imported twice. Refused and timed-out connections are retried.
 */
export async function pullQuotations(
  options: PullOptions,
): Promise<PullResult> {
  const emit = eventSink(options);
  const { settings } = options;
  return withSession(settings, options.credentials, emit, async (session) => {
    return await pullWith(session, options, emit);
  });
}

type Emit = (event: Omit<ExchangeEvent, "country">) => void;

function eventSink(options: PullOptions): Emit {
  const sink = options.onEvent ?? (() => {});
  return (event) => sink({ country: options.country, ...event });
}

async function pullWith(
  session: SftpSession,
  options: PullOptions,
  emit: Emit,
): Promise<PullResult> {
  const { settings } = options;
  const result: PullResult = {
    imported: [],
    rejected: [],
    duplicates: [],
    waiting: [],
  };
  const pattern = globToRegExp(options.layout.file_glob);

  const first = await session.list(settings.outbox);
  const candidates = first.filter((e) => e.isFile && pattern.test(e.name));
  for (const entry of candidates.filter((e) => !isSafeRemoteName(e.name))) {
    emit({
      code: "file-waiting",
      level: "warn",
      file: entry.name,
      message: `${JSON.stringify(entry.name)} is not a plain file name and is ignored`,
    });
  }
  // Delivery order, so the first of two identical files is the one imported.
  const safe = candidates
    .filter((e) => isSafeRemoteName(e.name))
    .sort((a, b) => a.modifyTime - b.modifyTime || (a.name < b.name ? -1 : 1));
  if (safe.length === 0) return result;

  // A file still being written grows between two listings.
  await new Promise((r) => setTimeout(r, settings.stable_seconds * 1000));
  const second = new Map(
    (await session.list(settings.outbox)).map((e) => [e.name, e]),
  );

  for (const entry of safe) {
    const later = second.get(entry.name);
    if (!later || later.size !== entry.size) {
      result.waiting.push(entry.name);
      emit({
        code: "file-waiting",
        level: "info",
        file: entry.name,
        message: `${entry.name} is still being written (${entry.size} then ${later?.size ?? "gone"} bytes)`,
      });
      continue;
    }
    await pullFile(session, options, later, second, result, emit);
  }
  return result;
}

async function pullFile(
  session: SftpSession,
  options: PullOptions,
  entry: RemoteEntry,
  listing: Map<string, RemoteEntry>,
  result: PullResult,
  emit: Emit,
): Promise<void> {
  const { settings } = options;
  const name = entry.name;
  const checksumName = name + CHECKSUM_SUFFIX;
  const sidecar =
    settings.complete_when === "checksum" ? checksumName : undefined;
  if (sidecar && !listing.has(sidecar)) {
    result.waiting.push(name);
    emit({
      code: "file-waiting",
      level: "info",
      file: name,
      message: `${name} has no ${sidecar} yet, so it may be incomplete`,
    });
    return;
  }

  const data = await session.read(remotePath(settings.outbox, name));
  const sha256 = sha256Hex(data);
  const ledger = Ledger.forCountry(options.targetDir, options.country);
  const moveAway = (folder: "processed" | "rejected") =>
    moveRemote(
      session,
      settings.outbox,
      folder,
      [name, ...(sidecar ? [sidecar] : [])],
      emit,
    );

  const known =
    ledger.find("pull", name, data.length, sha256) ??
    ledger.findImportedContent(data.length, sha256);
  if (known) {
    const folder = known.status === "rejected" ? "rejected" : "processed";
    result.duplicates.push(name);
    emit({
      code: "file-duplicate",
      level: "warn",
      file: name,
      message: `${name} has the content of ${known.name}, ${known.status} on ${known.at}; not imported again`,
    });
    await moveAway(folder);
    return;
  }

  const problems = await completenessProblems(
    session,
    options,
    sidecar,
    data,
    sha256,
  );
  if (problems === "waiting") {
    result.waiting.push(name);
    emit({
      code: "file-waiting",
      level: "info",
      file: name,
      message: `${name} does not end with ${settings.end_marker} yet, so it may be incomplete`,
    });
    return;
  }

  const check =
    problems.length > 0
      ? { ok: false as const, problems, rows: 0 }
      : checkQuotationFile(data, {
          layout: options.layout,
          columns: settings.quotation_columns,
          requiredColumns: settings.required_columns,
          endMarker:
            settings.complete_when === "end_marker"
              ? settings.end_marker
              : undefined,
        });

  if (!check.ok) {
    const report = quarantineLocally(
      options,
      name,
      data,
      sha256,
      check.problems,
      check.rows,
    );
    await session.ensureFolder(`${settings.outbox}/rejected`);
    const reportName = `${name}.report.txt`;
    await uploadAtomically(
      session,
      Buffer.from(report.text, "utf8"),
      `${settings.outbox}/rejected`,
      reportName,
    );
    await moveAway("rejected");
    ledger.append({
      direction: "pull",
      status: "rejected",
      name,
      size: data.length,
      sha256,
    });
    result.rejected.push({ name, report: report.path });
    emit({
      code: "file-rejected",
      level: "error",
      file: name,
      message: `${name} rejected: ${check.problems[0]}; report in ${report.path}`,
    });
    return;
  }

  const landed = land(options, name, data, sha256);
  ledger.append({
    direction: "pull",
    status: "imported",
    name,
    size: data.length,
    sha256,
    landedAs: landed,
  });
  await moveAway("processed");
  result.imported.push(name);
  emit({
    code: "file-imported",
    level: "info",
    file: name,
    message: `${name}: ${check.rows} rows landed in ${landed}`,
  });
}

async function completenessProblems(
  session: SftpSession,
  options: PullOptions,
  sidecar: string | undefined,
  data: Buffer,
  sha256: string,
): Promise<string[] | "waiting"> {
  const { settings } = options;
  if (sidecar) {
    const text = (
      await session.read(remotePath(settings.outbox, sidecar))
    ).toString("utf8");
    const expected = /^[0-9a-fA-F]{64}/.exec(text.trim())?.[0]?.toLowerCase();
    if (!expected)
      return [
        `${sidecar} does not start with a SHA-256 checksum (64 hex digits)`,
      ];
    if (expected !== sha256) {
      return [
        `checksum mismatch: the file's SHA-256 is ${sha256}, ${sidecar} says ${expected}`,
      ];
    }
    return [];
  }
  const decoded = decodePartnerText(data, options.layout);
  // An undecodable file is reported by the full check.
  if (!decoded.ok) return [];
  const last = decoded.text.trimEnd().split(/\r?\n/).at(-1)?.trim();
  return last === settings.end_marker ? [] : "waiting";
}

function land(
  options: PullOptions,
  name: string,
  data: Buffer,
  sha256: string,
): string {
  const folder = resolve(options.projectDir, options.settings.landing_dir);
  const target = landingPath(folder, name, sha256);
  // The same bytes are already in the landing zone: only the ledger was missing.
  if (target === undefined)
    return relative(options.projectDir, join(folder, name));
  writeFileAtomically(target, data);
  return relative(options.projectDir, target);
}

function quarantineLocally(
  options: PullOptions,
  name: string,
  data: Buffer,
  sha256: string,
  problems: string[],
  rows: number,
): { path: string; text: string } {
  const folder = join(
    exchangeDir(options.targetDir, options.country),
    "rejected",
  );
  const text = renderRejectionReport({
    country: options.country,
    name,
    size: data.length,
    sha256,
    source: `sftp://${options.settings.host}:${options.settings.port}${options.settings.outbox}`,
    layout: options.layout,
    columns: options.settings.quotation_columns,
    rows,
    problems,
  });
  writeFileAtomically(join(folder, name), data);
  const path = join(folder, `${name}.report.txt`);
  writeFileAtomically(path, Buffer.from(text, "utf8"));
  return { path, text };
}

/** Uploads under a temporary dot name, then renames into place. */
export async function uploadAtomically(
  session: SftpSession,
  data: Buffer,
  folder: string,
  name: string,
): Promise<void> {
  const temporary = remotePath(folder, name).replace(/[^/]+$/, `.${name}.part`);
  await session.uploadBuffer(data, temporary);
  await session.rename(temporary, remotePath(folder, name));
}

async function moveRemote(
  session: SftpSession,
  outbox: string,
  folderName: "processed" | "rejected",
  names: string[],
  emit: Emit,
): Promise<void> {
  const folder = `${outbox.replace(/\/$/, "")}/${folderName}`;
  await session.ensureFolder(folder);
  for (const name of names) {
    // NOTE: posixRename replaces a file of the same name in processed/, so
    // the server keeps only the latest delivery of a name. The landing
    // zone and the ledger keep every version.
    try {
      await session.rename(remotePath(outbox, name), remotePath(folder, name));
    } catch (error) {
      if (!(error instanceof ExchangeError)) throw error;
      // The import is already recorded in the ledger, so the next pull
      // finds a duplicate and retries the move.
      emit({
        code: "remote-move-failed",
        level: "warn",
        file: name,
        message: `${name} could not be moved to ${folderName}/: ${error.message}`,
      });
    }
  }
}
