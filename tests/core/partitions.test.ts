import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  partitionPaths,
  publishPartitions,
  recoverPublishes,
} from "../../src/engines/duckdb/partitions.ts";

const runId = "run1";

async function stage(
  warehouse: string,
  model: string,
): Promise<ReturnType<typeof partitionPaths>> {
  const paths = partitionPaths(warehouse, model, "fr", runId);
  await mkdir(paths.published, { recursive: true });
  await writeFile(path.join(paths.published, "data_0.parquet"), "old");
  await mkdir(paths.staged, { recursive: true });
  await writeFile(path.join(paths.staged, "data_0.parquet"), "new");
  return paths;
}

describe("partition publish", () => {
  it("swaps every staged partition in", async () => {
    const warehouse = await mkdtemp(path.join(os.tmpdir(), "strata-parts-"));
    const swaps = await Promise.all(
      ["a", "b", "c"].map((model) => stage(warehouse, model)),
    );

    await publishPartitions(warehouse, runId, swaps);

    for (const swap of swaps) {
      const file = path.join(swap.published, "data_0.parquet");
      expect(await readFile(file, "utf8")).toBe("new");
      expect(existsSync(path.dirname(swap.staged))).toBe(false);
      expect(existsSync(path.dirname(swap.trash))).toBe(false);
    }
    expect(existsSync(path.join(warehouse, ".journal", "run1.json"))).toBe(
      false,
    );
  });

  it("recovery finishes a publish cut halfway", async () => {
    const warehouse = await mkdtemp(path.join(os.tmpdir(), "strata-parts-"));
    const [done, cut, pending] = await Promise.all(
      ["done", "cut", "pending"].map((model) => stage(warehouse, model)),
    );
    await mkdir(path.join(warehouse, ".journal"));
    await writeFile(
      path.join(warehouse, ".journal", `${runId}.json`),
      JSON.stringify({ runId, swaps: [done, cut, pending] }),
    );
    // The swap of `done` finished, and the one of `cut` stopped after
    // moving the old data to trash.
    await mkdir(path.dirname(done!.trash), { recursive: true });
    await rename(done!.published, done!.trash);
    await rename(done!.staged, done!.published);
    await mkdir(path.dirname(cut!.trash), { recursive: true });
    await rename(cut!.published, cut!.trash);

    await recoverPublishes(warehouse);

    for (const swap of [done!, cut!, pending!]) {
      const file = path.join(swap.published, "data_0.parquet");
      expect(await readFile(file, "utf8")).toBe("new");
      expect(existsSync(path.dirname(path.dirname(swap.staged)))).toBe(false);
      expect(existsSync(path.dirname(path.dirname(swap.trash)))).toBe(false);
    }
  });

  it("cleanup of named models leaves others alone", async () => {
    const warehouse = await mkdtemp(path.join(os.tmpdir(), "strata-parts-"));
    const mine = await stage(warehouse, "mine");
    const other = await stage(warehouse, "other");

    await recoverPublishes(warehouse, ["mine"]);

    expect(existsSync(mine.staged)).toBe(false);
    expect(existsSync(other.staged)).toBe(true);
  });
});
