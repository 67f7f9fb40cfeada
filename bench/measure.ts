import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** One timed run of a child process. */
export interface Sample {
  readonly seconds: number;
  /** Peak resident set size of the child, in MiB, from GNU time. */
  readonly peakRssMiB: number;
  /**
   * User plus system CPU time of the child, from GNU time. It leaves out
   * time spent waiting for a core, but a shared CPU still inflates it.
   */
  readonly cpuSeconds: number;
  /** Lines the child printed that start with `BENCH `, parsed as JSON. */
  readonly reports: readonly Record<string, number>[];
}

export interface Command {
  readonly program: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs a command under GNU time (`/usr/bin/time -f "%M %U %S"`), which
 * reports the largest resident set and the CPU time of the command's
 * process. Wall time is taken here
 * around the spawn. A non-zero exit raises an error with the output.
 */
export async function measure(command: Command): Promise<Sample> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "strata-bench-"));
  const timeFile = path.join(dir, "time.txt");
  const started = performance.now();
  const { code, output } = await spawnCollect(
    "/usr/bin/time",
    ["-f", "%M %U %S", "-o", timeFile, command.program, ...command.args],
    command,
  );
  const seconds = (performance.now() - started) / 1000;
  const timeText = await readFile(timeFile, "utf8").catch(() => "");
  await rm(dir, { recursive: true, force: true });
  if (code !== 0) {
    throw new Error(
      `${command.program} ${command.args.join(" ")} exited with ${code} in ${command.cwd}:\n${output.slice(-4000)}`,
    );
  }
  const [kilobytes, user, system] = timeText
    .trim()
    .split("\n")
    .pop()!
    .split(" ")
    .map(Number);
  return {
    seconds,
    peakRssMiB: kilobytes! / 1024,
    cpuSeconds: user! + system!,
    reports: output
      .split("\n")
      .filter((line) => line.startsWith("BENCH "))
      .map((line) => JSON.parse(line.slice(6)) as Record<string, number>),
  };
}

function spawnCollect(
  program: string,
  args: readonly string[],
  command: Command,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: command.cwd,
      env: { ...process.env, ...command.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString() }),
    );
  });
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Medians of the samples of one measurement. */
export interface Summary {
  readonly runs: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
  readonly cpuSeconds: number;
  /** Median of each numeric field the child reported with `BENCH {...}`. */
  readonly reported: Readonly<Record<string, number>>;
}

export function summarize(samples: readonly Sample[]): Summary {
  const keys = new Set(samples.flatMap((s) => s.reports.flatMap(Object.keys)));
  const reported: Record<string, number> = {};
  for (const key of keys) {
    const values = samples.flatMap((s) =>
      s.reports.filter((r) => key in r).map((r) => r[key]!),
    );
    reported[key] = median(values);
  }
  return {
    runs: samples.length,
    seconds: median(samples.map((s) => s.seconds)),
    peakRssMiB: median(samples.map((s) => s.peakRssMiB)),
    cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
    reported,
  };
}
