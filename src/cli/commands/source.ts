import { Command } from "commander";
import { checkFreshness } from "../../run/source-freshness.ts";
import { addCommonOptions, type CommonOptions } from "../common-options.ts";
import { countrySections } from "../country-sections.ts";
import { eventPrinter, type Io } from "../output.ts";
import type { ExitSetter } from "../project-command.ts";

function age(seconds: number | undefined): string {
  if (seconds === undefined) return "";
  const hours = seconds / 3600;
  return hours < 48
    ? `, ${hours.toFixed(1)} hours old`
    : `, ${(hours / 24).toFixed(1)} days old`;
}

/** `strata source freshness`: checks how recent each source's data is. */
export function sourceCommand(io: Io, setExit: ExitSetter): Command {
  const command = new Command("source").description(
    "Commands about the sources of sources.yml.",
  );
  const freshness = new Command("freshness")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    })
    .description(
      "Check the latest loaded_at_field of each source with freshness: against warn_after and error_after, per country, and write target/sources.json.",
    )
    .option(
      "-s, --select <sources...>",
      "sources to check: source_name, source_name.table or source:source_name.table",
    );
  addCommonOptions(freshness, false).action(async () => {
    const options = freshness.opts<CommonOptions & { select?: string[] }>();
    const results = await checkFreshness({
      ...options,
      lockTimeoutMs: options.lockTimeout * 1000,
      events: eventPrinter(io, options.logFormat, options.quiet === true),
      countrySections,
      holder: "strata source freshness",
    });
    for (const result of results) {
      if (options.logFormat === "json") {
        io.out(JSON.stringify(result));
        continue;
      }
      const where = result.country ? `[${result.country}] ` : "";
      const latest = result.max_loaded_at
        ? ` (latest ${result.max_loaded_at}${age(result.age_seconds)})`
        : "";
      const reason = result.message ? `: ${result.message}` : "";
      io.out(
        `${where}${result.status.toUpperCase()} ${result.unique_id}${latest}${reason}`,
      );
    }
    if (results.length === 0) io.err("no source declares freshness");
    const failed = results.some(
      (r) => r.status === "error" || r.status === "runtime error",
    );
    setExit(failed ? 1 : 0);
  });
  return command.addCommand(freshness);
}
