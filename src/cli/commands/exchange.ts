import path from "node:path";
import { Command } from "commander";
import {
  encodeRequestFile,
  loadCredentials,
  pullQuotations,
  pushRequests,
  requestFileName,
  type ExchangeEvent,
  type PullResult,
  type PushResult,
} from "../../exchange/index.ts";
import type { Country, Project } from "../../project/index.ts";
import { localDateAt, quarterOf } from "../../schedule/index.ts";
import {
  loadCountriesProject,
  partnerOfCountry,
  selectCountries,
} from "../country-settings.ts";
import type { Io } from "../output.ts";
import type { ExitSetter } from "../project-command.ts";
import { readRequestRows } from "../request-rows.ts";
import { reportUserError } from "../user-errors.ts";

interface ExchangeOptions {
  projectDir: string;
  country: string;
  quarter?: string;
  logFormat: "text" | "json";
}

/** Prints exchange events on stderr, as text or JSON lines. */
export function exchangeEventPrinter(io: Io, format: "text" | "json") {
  return (event: ExchangeEvent): void => {
    if (format === "json") {
      io.err(
        JSON.stringify({
          ts: new Date().toISOString(),
          kind: "exchange",
          ...event,
        }),
      );
      return;
    }
    const level = event.level === "info" ? "" : `${event.level}: `;
    io.err(`[${event.country}] ${level}${event.message}`);
  };
}

/** Pulls a country's quotation files; used by the command and the quarter run. */
export async function pullCountry(
  project: Project,
  country: Country,
  onEvent: (event: ExchangeEvent) => void,
): Promise<PullResult> {
  const { sftp, layout } = partnerOfCountry(country);
  return pullQuotations({
    country: country.code,
    settings: sftp,
    layout,
    credentials: loadCredentials(country.code, sftp.auth, project.dir),
    projectDir: project.dir,
    targetDir: path.join(project.dir, "target"),
    onEvent,
  });
}

/** Pushes a country's request file for a quarter. */
export async function pushCountry(
  project: Project,
  country: Country,
  quarter: string,
  onEvent: (event: ExchangeEvent) => void,
): Promise<PushResult> {
  const { sftp, layout } = partnerOfCountry(country);
  const credentials = loadCredentials(country.code, sftp.auth, project.dir);
  const { columns, rows } = await readRequestRows(project, country.code);
  const data = encodeRequestFile(
    columns.map((name) => ({ name, kind: "text" as const })),
    rows,
    layout,
    requestFileName(sftp, country.code, quarter),
  );
  return pushRequests({
    country: country.code,
    settings: sftp,
    credentials,
    targetDir: path.join(project.dir, "target"),
    quarter,
    data,
    onEvent,
  });
}

function summarisePull(result: PullResult): string {
  return [
    `${result.imported.length} imported`,
    `${result.rejected.length} rejected`,
    `${result.duplicates.length} duplicates`,
    `${result.waiting.length} waiting`,
  ].join(", ");
}

function subcommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .option(
      "--project-dir <dir>",
      "folder of the project (holds countries.yml)",
      ".",
    )
    .requiredOption("--country <code>", "country of countries.yml")
    .option(
      "--log-format <format>",
      "text for people, json for one JSON object per line",
      "text",
    );
}

/**
 * `strata exchange pull|push`: imports the partner's quotation files, or
 * uploads the quarter's request file, over SFTP.
 */
export function exchangeCommand(io: Io, setExit: ExitSetter): Command {
  const pull = subcommand(
    "pull",
    "Download the partner's new quotation files, check them and move them into the landing zone; quarantine invalid ones with a report.",
  );
  pull.action(async () => {
    const options = pull.opts<ExchangeOptions>();
    await guarded(io, setExit, async () => {
      const project = await loadCountriesProject(options.projectDir);
      const [country] = selectCountries(project, options.country);
      const result = await pullCountry(
        project,
        country!,
        exchangeEventPrinter(io, options.logFormat),
      );
      io.out(`${country!.code}: ${summarisePull(result)}`);
      for (const rejected of result.rejected)
        io.out(`rejected ${rejected.name}: see ${rejected.report}`);
      return result.rejected.length > 0 ? 1 : 0;
    });
  });

  const push = subcommand(
    "push",
    "Upload the quote_request_file model as the partner's request file, atomically with a checksum; a file already sent is not sent again.",
  ).option(
    "--quarter <quarter>",
    "quarter of the file name, such as 2027-Q1 (default: today's quarter in the country's time zone)",
  );
  push.action(async () => {
    const options = push.opts<ExchangeOptions>();
    await guarded(io, setExit, async () => {
      const project = await loadCountriesProject(options.projectDir);
      const [country] = selectCountries(project, options.country);
      const quarter =
        options.quarter ??
        quarterOf(localDateAt(new Date(), country!.time_zone));
      const result = await pushCountry(
        project,
        country!,
        quarter,
        exchangeEventPrinter(io, options.logFormat),
      );
      io.out(
        `${country!.code}: ${result.name} ${result.sent ? "sent" : "already sent"} (SHA-256 ${result.sha256})`,
      );
      return 0;
    });
  });

  return new Command("exchange")
    .description("Exchange files with the valuation partner over SFTP.")
    .addCommand(pull)
    .addCommand(push);
}

async function guarded(
  io: Io,
  setExit: ExitSetter,
  work: () => Promise<number>,
): Promise<void> {
  try {
    setExit(await work());
  } catch (error) {
    const code = reportUserError(io, error);
    if (code === undefined) throw error;
    setExit(code);
  }
}
