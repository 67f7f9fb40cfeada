import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/project.ts";
import { copyProject, queryFile, readExpected } from "./compat-helpers.ts";

const dbt = path.join(
  import.meta.dirname,
  "..",
  "..",
  ".dbt-venv",
  "bin",
  "dbt",
);
const available = existsSync(dbt);
if (!available) {
  console.log(
    "dbt-core comparison skipped: .dbt-venv is absent; create it with scripts/setup-dbt-venv.sh",
  );
}

// Projects that use no package, so dbt runs them without `dbt deps`.
const projects: [name: string, catalog: string][] = [
  ["shop_basic", "shop.duckdb"],
];

describe.skipIf(!available)("dbt-core gives the same tables", () => {
  for (const [name, catalog] of projects) {
    it(name, { timeout: 180_000 }, async () => {
      const expected = await readExpected(name);
      const withDbt = await copyProject(name);
      const withStrata = await copyProject(name);

      execFileSync(
        dbt,
        ["build", "--profiles-dir", withDbt, "--project-dir", withDbt],
        {
          cwd: withDbt,
          stdio: "pipe",
          // dbt would otherwise try to send usage statistics over the network.
          env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: "false" },
        },
      );
      const result = await runCli(["build", "--project-dir", withStrata]);
      expect(result.code).toBe(0);

      for (const table of Object.keys(expected.tables)) {
        const sql = `select * from main."${table}" order by all`;
        expect(await queryFile(path.join(withStrata, catalog), sql)).toEqual(
          await queryFile(path.join(withDbt, catalog), sql),
        );
      }
    });
  }
});
