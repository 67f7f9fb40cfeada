/**
 * Executes the SQL that `strata compile` wrote for a project directly
 * through @duckdb/node-api, with none of strata's bookkeeping: the baseline
 * of the overhead benchmark. It reads target/manifest.json and runs every
 * model and test in dependency order on `threads` connections. A view is a
 * CREATE VIEW. A table is COPY (query) TO Parquet plus a view over the file,
 * as strata stores it. A test is a count of its failing rows.
 *
 *   node --import tsx bench/direct-build.ts PROJECT_DIR WORK_DIR [THREADS]
 *
 * Prints `BENCH {"inProcessSeconds": ...}`.
 */
import { mkdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type * as DuckDBApi from "@duckdb/node-api";
import type { DuckDBConnection } from "@duckdb/node-api";

interface ManifestNode {
  kind: "model" | "seed" | "source" | "test";
  name: string;
  depends_on: string[];
  config?: { materialized?: string };
  compiled_path: Record<string, string>;
  relation?: Record<string, string>;
}

const [projectDir, workDir, threadsText = "4"] = process.argv.slice(2);
if (!projectDir || !workDir) {
  throw new Error("usage: direct-build.ts PROJECT_DIR WORK_DIR [THREADS]");
}
const started = performance.now();
const manifest = JSON.parse(
  await readFile(path.join(projectDir, "target", "manifest.json"), "utf8"),
) as { nodes: Record<string, ManifestNode> };
await rm(workDir, { recursive: true, force: true });
await mkdir(path.join(workDir, "warehouse"), { recursive: true });

// Loaded inside the timed span and with require, as strata's engine loads
// it: both in-process figures then include loading the native module.
const load = createRequire(import.meta.url);
const { DuckDBInstance } = load("@duckdb/node-api") as typeof DuckDBApi;
const instance = await DuckDBInstance.create(
  path.join(workDir, "direct.duckdb"),
  { autoinstall_known_extensions: "false" },
);
const connections: DuckDBConnection[] = [];
for (let i = 0; i < Number(threadsText); i++) {
  connections.push(await instance.connect());
}

const sqlOf = async (node: ManifestNode): Promise<string> =>
  (await readFile(path.join(projectDir, node.compiled_path.none!), "utf8"))
    .trim()
    .replace(/;$/, "");

async function execute(
  connection: DuckDBConnection,
  node: ManifestNode,
): Promise<void> {
  const sql = await sqlOf(node);
  const relation = node.relation?.none;
  if (node.kind === "test") {
    await connection.runAndReadAll(`SELECT count(*) FROM (\n${sql}\n)`);
  } else if (node.config?.materialized === "table") {
    const file = path.join(workDir!, "warehouse", `${node.name}.parquet`);
    await connection.run(`COPY (\n${sql}\n) TO '${file}' (FORMAT parquet)`);
    await connection.run(
      `CREATE OR REPLACE VIEW ${relation} AS SELECT * FROM read_parquet('${file}')`,
    );
  } else if (node.config?.materialized !== "ephemeral") {
    await connection.run(`CREATE OR REPLACE VIEW ${relation} AS (\n${sql}\n)`);
  }
}

const pending = new Map(
  Object.entries(manifest.nodes).filter(
    ([, node]) => node.kind === "model" || node.kind === "test",
  ),
);
const done = new Set(
  Object.keys(manifest.nodes).filter((id) => !pending.has(id)),
);
const running = new Set<string>();
const idle = [...connections];

// Starts every node whose parents are done, one per idle connection, until
// all nodes ran. A failure stops the run: the SQL is strata's own output.
await new Promise<void>((resolve, reject) => {
  const schedule = (): void => {
    if (pending.size === 0 && running.size === 0) return resolve();
    for (const [id, node] of pending) {
      if (idle.length === 0) break;
      if (!node.depends_on.every((parent) => done.has(parent))) continue;
      pending.delete(id);
      running.add(id);
      const connection = idle.pop()!;
      execute(connection, node).then(() => {
        running.delete(id);
        done.add(id);
        idle.push(connection);
        schedule();
      }, reject);
    }
    if (running.size === 0 && pending.size > 0) {
      reject(new Error(`unmet dependencies: ${[...pending.keys()][0]}`));
    }
  };
  schedule();
});

for (const connection of connections) connection.closeSync();
instance.closeSync();
const seconds = (performance.now() - started) / 1000;
console.log(`BENCH ${JSON.stringify({ inProcessSeconds: seconds })}`);
