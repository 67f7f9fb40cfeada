import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Writes a file unless it already has exactly this text, creating its
 * folder when missing. Synchronous on purpose: a compile writes thousands
 * of small files, and awaiting each one through libuv's thread pool took
 * seconds for 10,000 models on a loaded 2-core machine (bench/run.ts),
 * where the synchronous calls take milliseconds. Returns whether it wrote.
 */
export function writeIfChanged(file: string, text: string): boolean {
  try {
    if (readFileSync(file, "utf8") === text) return false;
  } catch {
    // A missing or unreadable file is written below.
  }
  try {
    writeFileSync(file, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return true;
}
