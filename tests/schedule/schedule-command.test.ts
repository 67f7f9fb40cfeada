import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scheduleCommand } from "../../src/cli/commands/schedule.ts";

let projectDir: string;

beforeEach(() => {
  projectDir = mkdtempSync(join(tmpdir(), "strata-schedule-"));
  mkdirSync(join(projectDir, "models"));
  // The repository's countries.yml, so the command is checked on it.
  writeFileSync(
    join(projectDir, "countries.yml"),
    readFileSync("countries.yml"),
  );
});
afterEach(() => rmSync(projectDir, { recursive: true, force: true }));

async function runSchedule(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = -1;
  const io = {
    out: (t: string) => out.push(t),
    err: (t: string) => err.push(t),
  };
  const program = new Command("strata").exitOverride();
  program.addCommand(scheduleCommand(io, (code) => (exitCode = code)));
  await program.parseAsync(["schedule", "--project-dir", projectDir, ...args], {
    from: "user",
  });
  return { exitCode, out: out.join("\n"), err: err.join("\n") };
}

describe("strata schedule", () => {
  it("lists the 2027 dates of France", async () => {
    const result = await runSchedule("--country", "fr", "--year", "2027");
    expect(result.exitCode).toBe(0);
    expect(result.out.split("\n")).toEqual([
      "fr 2027 (Europe/Paris, holidays FR, runs checked daily at 06:30)",
      "  run_day:       3rd business day of Jan, Apr, Jul, Oct",
      "  partner_due:   run - 2 business days",
      "  dealer_offers: run + 5 business days",
      "quarter  run             partner due     dealer offers",
      "2027-Q1  Wed 2027-01-06  Mon 2027-01-04  Wed 2027-01-13",
      "2027-Q2  Mon 2027-04-05  Thu 2027-04-01  Mon 2027-04-12",
      "2027-Q3  Mon 2027-07-05  Thu 2027-07-01  Mon 2027-07-12",
      "2027-Q4  Tue 2027-10-05  Fri 2027-10-01  Tue 2027-10-12",
    ]);
    expect(result.err).toBe("");
  });

  it("lists every country without --country", async () => {
    const result = await runSchedule("--year", "2027");
    expect(result.out).toContain("de 2027 (Europe/Berlin, holidays DE-HE");
    expect(result.out).toContain("es 2027 (Europe/Madrid, holidays ES-MD");
  });

  it("prints the crontab", async () => {
    const result = await runSchedule("--crontab", "--strata-command", "strata");
    const lines = result.out.split("\n").filter((l) => !l.startsWith("#"));
    expect(lines).toEqual([
      "CRON_TZ=Europe/Paris",
      `30 6 * * * cd '${projectDir}' && strata run --country fr --if-due`,
      "CRON_TZ=Europe/Berlin",
      `0 6 * * * cd '${projectDir}' && strata run --country de --if-due`,
      "CRON_TZ=Europe/Madrid",
      `0 7 * * * cd '${projectDir}' && strata run --country es --if-due`,
    ]);
  });

  it("reports an unknown country with exit 2", async () => {
    const result = await runSchedule("--country", "it");
    expect(result.exitCode).toBe(2);
    expect(result.err).toBe(
      "error [schedule-invalid-calendar] --country it: not a country of countries.yml\n  Use one of: fr, de, es.",
    );
  });

  it("warns about a run time the clock change skips", async () => {
    const text = readFileSync("countries.yml", "utf8").replace(
      'run_time: "06:30"',
      'run_time: "02:30"',
    );
    writeFileSync(join(projectDir, "countries.yml"), text);
    const result = await runSchedule("--country", "fr", "--year", "2027");
    expect(result.exitCode).toBe(0);
    expect(result.err.split("\n")).toEqual([
      "warning: fr run_time 02:30 is skipped by the daylight saving change on 2027-03-28; choose a time outside 02:00-03:59",
      "warning: fr run_time 02:30 is repeated by the daylight saving change on 2027-10-31; choose a time outside 02:00-03:59",
    ]);
  });

  it("rejects a broken rule when the project loads", async () => {
    const text = readFileSync("countries.yml", "utf8").replace(
      "run_day: 3rd business day of Jan, Apr, Jul, Oct",
      "run_day: 3th business day of Jan, Apr, Jul, Oct",
    );
    writeFileSync(join(projectDir, "countries.yml"), text);
    await expect(runSchedule("--country", "fr")).rejects.toThrow(
      'invalid countries.yml at countries.fr.calendar.run_day: calendar.run_day: invalid rule at column 1: found "3th", expected "3rd"',
    );
  });
});
