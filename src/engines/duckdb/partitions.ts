import { existsSync } from "node:fs";
import {
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from "node:fs/promises";
import path from "node:path";

/**
 * Folders of one table partition. Published partitions sit at
 * `<warehouse>/<model>/country=<cc>/` (or `data/` without countries); a run
 * writes beside them under `.staging/<run id>/`, which the glob of readers
 * (`country=*`) never matches.
 */
export interface PartitionPaths {
  readonly published: string;
  readonly staged: string;
  readonly trash: string;
}

export function partitionName(country: string | null): string {
  return country === null ? "data" : `country=${country}`;
}

export function partitionPaths(
  warehouse: string,
  model: string,
  country: string | null,
  runId: string,
): PartitionPaths {
  const root = path.join(warehouse, model);
  const part = partitionName(country);
  return {
    published: path.join(root, part),
    staged: path.join(root, ".staging", runId, part),
    trash: path.join(root, ".trash", runId, part),
  };
}

interface Journal {
  runId: string;
  swaps: readonly PartitionPaths[];
}

function journalPath(warehouse: string, runId: string): string {
  return path.join(warehouse, ".journal", `${runId}.json`);
}

/**
 * Swaps staged partitions in. The list of swaps is written to a journal
 * first, so the next process to open the warehouse finishes a publish that
 * was killed halfway (`recoverPublishes`). Every partition is then either
 * the old one or the new one, never a mix of files.
 */
export async function publishPartitions(
  warehouse: string,
  runId: string,
  swaps: readonly PartitionPaths[],
): Promise<void> {
  const journal = journalPath(warehouse, runId);
  await mkdir(path.dirname(journal), { recursive: true });
  await writeFile(journal, JSON.stringify({ runId, swaps } satisfies Journal));
  await applySwaps(swaps);
  await rm(journal, { force: true });
  await removeRunFolders(warehouse, runId, swaps);
}

// Swaps of different partitions run concurrently: the journal is written
// before any of them, and recovery completes whichever did not finish.
async function applySwaps(swaps: readonly PartitionPaths[]): Promise<void> {
  await Promise.all(swaps.map(applySwap));
}

async function applySwap(swap: PartitionPaths): Promise<void> {
  if (!existsSync(swap.staged)) return;
  if (existsSync(swap.published)) {
    await mkdir(path.dirname(swap.trash), { recursive: true });
    await rename(swap.published, swap.trash);
  }
  await rename(swap.staged, swap.published);
}

async function removeRunFolders(
  warehouse: string,
  runId: string,
  swaps: readonly PartitionPaths[],
): Promise<void> {
  const folders = swaps.flatMap((swap) => {
    const modelRoot = path.dirname(swap.published);
    return [
      path.join(modelRoot, ".trash", runId),
      path.join(modelRoot, ".staging", runId),
    ];
  });
  await Promise.all(
    folders.map((folder) => rm(folder, { recursive: true, force: true })),
  );
  void warehouse;
}

/**
 * Finishes publishes that a killed process left halfway, then deletes staged
 * data of runs that never published. Called with the catalog lock held, so
 * no other run is writing. With `models`, only those models' folders are
 * cleaned: a run that ends passes the models it staged, because deleting
 * the empty folders of every model cost a file system call each.
 */
export async function recoverPublishes(
  warehouse: string,
  models?: Iterable<string>,
): Promise<void> {
  await finishJournals(warehouse);
  if (!existsSync(warehouse)) return;
  const cleaned =
    models === undefined
      ? (await readdir(warehouse)).filter((m) => !m.startsWith("."))
      : [...models];
  const folders = cleaned.flatMap((model) => [
    path.join(warehouse, model, ".staging"),
    path.join(warehouse, model, ".trash"),
  ]);
  await Promise.all(
    folders.map((folder) => rm(folder, { recursive: true, force: true })),
  );
}

async function finishJournals(warehouse: string): Promise<void> {
  const journals = path.join(warehouse, ".journal");
  if (existsSync(journals)) {
    for (const file of await readdir(journals)) {
      const journal = JSON.parse(
        await readFile(path.join(journals, file), "utf8"),
      ) as Journal;
      for (const swap of journal.swaps) {
        // A swap cut between its two renames left the old data in trash.
        if (
          !existsSync(swap.published) &&
          !existsSync(swap.staged) &&
          existsSync(swap.trash)
        ) {
          await rename(swap.trash, swap.published);
        }
      }
      await applySwaps(journal.swaps);
      await removeRunFolders(warehouse, journal.runId, journal.swaps);
      await rm(path.join(journals, file), { force: true });
    }
  }
}
