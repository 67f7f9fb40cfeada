import { open, readFile, rm } from "node:fs/promises";
import { StrataError } from "../../errors/index.ts";
import type { EventSink } from "../../events/index.ts";

interface Holder {
  pid: number;
  holder: string;
  since: string;
}

// Locks held by this process, so two runs in one process wait for each other
// too (the PID check alone cannot tell them apart).
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

async function tryCreate(path: string, holder: string): Promise<boolean> {
  try {
    const handle = await open(path, "wx");
    const body: Holder = {
      pid: process.pid,
      holder,
      since: new Date().toISOString(),
    };
    await handle.writeFile(JSON.stringify(body));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Takes the lock file beside a catalog, waiting while a live process holds
 * it. A lock left by a process that died is taken over. Returns the function
 * that releases it.
 */
export async function acquireCatalogLock(
  path: string,
  holder: string,
  timeoutMs: number,
  events: EventSink,
): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    if (!heldHere.has(path) && (await tryCreate(path, holder))) {
      heldHere.add(path);
      return async () => {
        heldHere.delete(path);
        await rm(path, { force: true });
      };
    }
    const current = await readHolder(path);
    const stale =
      current !== undefined && !isAlive(current.pid) && !heldHere.has(path);
    if (stale) {
      await rm(path, { force: true });
      continue;
    }
    const who = current
      ? `PID ${current.pid} (${current.holder}, since ${current.since})`
      : "another strata process";
    if (Date.now() >= deadline) {
      throw new StrataError({
        code: "lock-timeout",
        message: `the catalog ${path.replace(/\.lock$/, "")} is still held by ${who} after ${Math.round(timeoutMs / 1000)} s`,
        hint: "Wait for that run to finish, or raise --lock-timeout (seconds).",
      });
    }
    if (!announced) {
      events({ kind: "lock-wait", holder: who });
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
