import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ScheduleError } from "./errors.ts";

/** Path of a country's run lock under a project's target folder. */
export function runLockPath(targetDir: string, country: string): string {
  return join(targetDir, `run-${country}.lock`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes a country's run lock, so two cron starts of the same quarter can
 * not run at once, and returns the function that releases it. A lock left
 * by a process that no longer exists is taken over.
 */
export function acquireRunLock(file: string): () => void {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new ScheduleError(
        "schedule-run-in-progress",
        file,
        `another run of this country is in progress (PID ${holder})`,
        "Wait for it to finish. If no strata process has that PID, delete " +
          "the lock file.",
      );
    }
    rmSync(file, { force: true });
  }
  throw new ScheduleError(
    "schedule-run-in-progress",
    file,
    "the run lock was taken by another process while a stale lock was removed",
    "Run the command again.",
  );
}
