import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  decideIfDue,
  readRunHistory,
  renderCrontab,
  runHistoryPath,
  runQuarter,
  ScheduleError,
  type QuarterRunEvent,
  type QuarterRunSteps,
  type RunHistoryEntry,
} from "../../src/schedule/index.ts";
import { calendarOf } from "./fixtures.ts";

const fr = calendarOf("fr");

function entry(
  quarter: string,
  step: RunHistoryEntry["step"],
  status: RunHistoryEntry["status"],
  forced?: boolean,
): RunHistoryEntry {
  return {
    at: "2027-01-06T05:30:00Z",
    country: "fr",
    quarter,
    step,
    status,
    forced,
  };
}

describe("decideIfDue", () => {
  it("is due on the run day in the country's time zone", () => {
    // 05:30 UTC is 06:30 in Paris in winter.
    const decision = decideIfDue(fr, [], new Date("2027-01-06T05:30:00Z"));
    expect(decision.due).toBe(true);
    expect(decision.reason).toBe("run-day");
    expect(decision.today).toBe("2027-01-06");
    expect(decision.dates.quarter).toBe("2027-Q1");
  });

  it("is not due before the run day and names the next run", () => {
    const decision = decideIfDue(fr, [], new Date("2027-01-05T12:00:00Z"));
    expect(decision.due).toBe(false);
    expect(decision.reason).toBe("not-yet");
    expect(decision.message).toBe(
      "fr: not due today (2027-01-05); the next run is 2027-Q1 on 2027-01-06",
    );
  });

  it("uses local midnight in summer time", () => {
    // Q3 2027 runs on 5 July. 22:30 UTC on the 4th is 00:30 on the 5th
    // in Paris (UTC+2), while 21:30 UTC is still the 4th.
    expect(decideIfDue(fr, [], new Date("2027-07-04T22:30:00Z")).due).toBe(
      true,
    );
    expect(decideIfDue(fr, [], new Date("2027-07-04T21:30:00Z")).due).toBe(
      false,
    );
  });

  it("uses local midnight in winter time", () => {
    // Q4 2026 runs on 5 October (summer time) and Q1 2027 on 6 January:
    // 23:30 UTC on the 5th is 00:30 on the 6th in Paris (UTC+1).
    expect(decideIfDue(fr, [], new Date("2027-01-05T23:30:00Z")).due).toBe(
      true,
    );
    expect(decideIfDue(fr, [], new Date("2027-01-05T22:30:00Z")).due).toBe(
      false,
    );
  });

  it("runs in the week after the spring change", () => {
    // France changed to summer time on 29 March 2026; the run of 3 April
    // starts at 06:30 CEST, which is 04:30 UTC.
    const decision = decideIfDue(fr, [], new Date("2026-04-03T04:30:00Z"));
    expect(decision.due).toBe(true);
    expect(decision.today).toBe("2026-04-03");
  });

  it("catches up a missed run later in the quarter", () => {
    const decision = decideIfDue(fr, [], new Date("2027-01-20T05:30:00Z"));
    expect(decision.due).toBe(true);
    expect(decision.reason).toBe("missed");
    expect(decision.message).toBe(
      "fr 2027-Q1: the run of 2027-01-06 was missed, so it runs now",
    );
  });

  it("retries a failed run the next day", () => {
    const history = [
      entry("2027-Q1", "quarter", "started"),
      entry("2027-Q1", "build", "failed"),
      entry("2027-Q1", "quarter", "failed"),
    ];
    const decision = decideIfDue(fr, history, new Date("2027-01-07T05:30:00Z"));
    expect(decision.due).toBe(true);
    expect(decision.message).toContain("did not finish");
  });

  it("does not rerun a finished quarter", () => {
    const history = [
      entry("2027-Q1", "quarter", "started"),
      entry("2027-Q1", "quarter", "succeeded"),
    ];
    const decision = decideIfDue(fr, history, new Date("2027-01-07T05:30:00Z"));
    expect(decision.due).toBe(false);
    expect(decision.reason).toBe("finished");
    expect(decision.dates.run).toBe("2027-04-05");
  });

  it("ignores another country's history", () => {
    const history = [
      { ...entry("2027-Q1", "quarter", "succeeded"), country: "de" },
    ];
    const decision = decideIfDue(fr, history, new Date("2027-01-07T05:30:00Z"));
    expect(decision.due).toBe(true);
  });
});

describe("runQuarter", () => {
  let targetDir: string;
  let calls: string[];
  let events: QuarterRunEvent[];

  beforeEach(() => {
    targetDir = mkdtempSync(join(tmpdir(), "strata-quarter-"));
    calls = [];
    events = [];
  });
  afterEach(() => rmSync(targetDir, { recursive: true, force: true }));

  function steps(fail: Partial<Record<string, boolean>> = {}): QuarterRunSteps {
    const step = (name: string) => async () => {
      calls.push(name);
      return fail[name]
        ? { ok: false, message: `${name} broke` }
        : { ok: true, message: `${name} ok` };
    };
    return { pull: step("pull"), build: step("build"), push: step("push") };
  }

  const runDay = new Date("2027-01-06T05:30:00Z");
  const dayAfter = new Date("2027-01-07T05:30:00Z");

  it("runs nothing when not due", async () => {
    const result = await runQuarter({
      calendar: fr,
      targetDir,
      steps: steps(),
      ifDue: true,
      now: new Date("2027-01-04T05:30:00Z"),
      onEvent: (e) => events.push(e),
    });
    expect(result.exitCode).toBe(0);
    expect(result.ran).toBe(false);
    expect(calls).toEqual([]);
    expect(events[0]!.code).toBe("quarter-not-due");
  });

  it("runs every step in order and records them", async () => {
    const result = await runQuarter({
      calendar: fr,
      targetDir,
      steps: steps(),
      ifDue: true,
      now: runDay,
    });
    expect(result.exitCode).toBe(0);
    expect(calls).toEqual(["pull", "build", "push"]);
    const history = readRunHistory(runHistoryPath(targetDir));
    expect(history.map((e) => `${e.step}:${e.status}`)).toEqual([
      "quarter:started",
      "pull:succeeded",
      "build:succeeded",
      "push:succeeded",
      "quarter:succeeded",
    ]);
    expect(history.every((e) => e.quarter === "2027-Q1")).toBe(true);
  });

  it("resumes after a failure and pulls again", async () => {
    const first = await runQuarter({
      calendar: fr,
      targetDir,
      steps: steps({ push: true }),
      ifDue: true,
      now: runDay,
    });
    expect(first.exitCode).toBe(1);
    expect(calls).toEqual(["pull", "build", "push"]);

    calls = [];
    const second = await runQuarter({
      calendar: fr,
      targetDir,
      steps: steps(),
      ifDue: true,
      now: dayAfter,
    });
    expect(second.exitCode).toBe(0);
    expect(calls).toEqual(["pull", "push"]);
  });

  it("stops at a failed build and keeps the exit code", async () => {
    const failing: QuarterRunSteps = {
      ...steps(),
      build: async () => ({
        ok: false,
        exitCode: 1,
        message: "2 tests failed",
      }),
    };
    const result = await runQuarter({
      calendar: fr,
      targetDir,
      steps: failing,
      ifDue: true,
      now: runDay,
      onEvent: (e) => events.push(e),
    });
    expect(result.exitCode).toBe(1);
    expect(calls).toEqual(["pull"]);
    const last = events.at(-1)!;
    expect(last.code).toBe("quarter-end");
    expect(last.message).toBe(
      "fr 2027-Q1 stopped: build failed; rerun to resume",
    );
  });

  it("records a step that raises as failed", async () => {
    const raising: QuarterRunSteps = {
      ...steps(),
      pull: async () => {
        throw new Error("connection refused");
      },
    };
    const result = await runQuarter({
      calendar: fr,
      targetDir,
      steps: raising,
      now: runDay,
    });
    expect(result.exitCode).toBe(1);
    const history = readRunHistory(runHistoryPath(targetDir));
    expect(history[1]).toMatchObject({
      step: "pull",
      status: "failed",
      message: "connection refused",
    });
  });

  it("does not run a finished quarter again unless forced", async () => {
    await runQuarter({ calendar: fr, targetDir, steps: steps(), now: runDay });
    calls = [];
    const again = await runQuarter({
      calendar: fr,
      targetDir,
      steps: steps(),
      now: dayAfter,
    });
    expect(again.ran).toBe(false);
    expect(calls).toEqual([]);

    const forced = await runQuarter({
      calendar: fr,
      targetDir,
      steps: steps(),
      now: dayAfter,
      ifDue: true,
      force: true,
    });
    expect(forced.ran).toBe(true);
    expect(calls).toEqual(["pull", "build", "push"]);
  });

  it("refuses to start while another run holds the lock", async () => {
    // PID 1 always exists, so the lock is not stale.
    writeFileSync(join(targetDir, "run-fr.lock"), "1");
    await expect(
      runQuarter({ calendar: fr, targetDir, steps: steps(), now: runDay }),
    ).rejects.toThrow(ScheduleError);
    expect(calls).toEqual([]);
  });

  it("takes over a stale lock", async () => {
    writeFileSync(join(targetDir, "run-fr.lock"), "999999999");
    const result = await runQuarter({
      calendar: fr,
      targetDir,
      steps: steps(),
      now: runDay,
    });
    expect(result.exitCode).toBe(0);
  });

  it("ignores a last history line cut short", async () => {
    await runQuarter({
      calendar: fr,
      targetDir,
      steps: steps({ build: true }),
      now: runDay,
    });
    const file = runHistoryPath(targetDir);
    writeFileSync(file, readFileSync(file, "utf8") + '{"at":"2027');
    expect(readRunHistory(file)).toHaveLength(4);
  });
});

describe("renderCrontab", () => {
  it("prints one CRON_TZ and line per country", () => {
    const text = renderCrontab(
      [calendarOf("fr"), calendarOf("de"), calendarOf("es")],
      { strataCommand: "npx strata", projectDir: "/srv/resale app" },
    );
    const lines = text
      .trimEnd()
      .split("\n")
      .filter((l) => !l.startsWith("#"));
    expect(lines).toEqual([
      "CRON_TZ=Europe/Paris",
      "30 6 * * * cd '/srv/resale app' && npx strata run --country fr --if-due",
      "CRON_TZ=Europe/Berlin",
      "0 6 * * * cd '/srv/resale app' && npx strata run --country de --if-due",
      "CRON_TZ=Europe/Madrid",
      "0 7 * * * cd '/srv/resale app' && npx strata run --country es --if-due",
    ]);
  });
});
