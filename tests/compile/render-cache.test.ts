import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, writeFiles, writeProject } from "../helpers/project.ts";

const project = {
  "strata.yml": "name: cached\nvars:\n  limit_rows: 5\n  unused: a\n",
  "macros/pick.sql":
    "{% macro pick(column) %}{{ column }} as picked{% endmacro %}",
  "models/base.sql": "select 1 as id",
  "models/looped.sql": [
    "select {{ pick('id') }},",
    "{% for n in [1, 2] %}{{ n }} as c{{ n }}{% if not loop.last %}, {% endif %}{% endfor %}",
    "from {{ ref('base') }} limit {{ var('limit_rows') }}",
  ].join("\n"),
};

async function compile(dir: string, ...extra: string[]) {
  const result = await runCli(["compile", "--project-dir", dir, ...extra]);
  const sql = await readFile(
    path.join(dir, "target/compiled/none/models/looped.sql"),
    "utf8",
  ).catch(() => "");
  return { ...result, sql };
}

describe("render cache", () => {
  it("gives the same SQL as a fresh compile", async () => {
    const dir = await writeProject(project);
    const fresh = await compile(dir);
    const cached = await compile(dir);

    expect(fresh.code).toBe(0);
    expect(cached.code).toBe(0);
    expect(cached.sql).toBe(fresh.sql);
    expect(cached.sql).toContain('from "main"."base" limit 5');
    expect(cached.sql).toContain("1 as c1, 2 as c2");
  });

  it("renders again when a read var changes", async () => {
    const dir = await writeProject(project);
    await compile(dir);
    const changed = await compile(dir, "--vars", '{"limit_rows": 7}');

    expect(changed.sql).toContain("limit 7");
  });

  it("renders again when a macro changes", async () => {
    const dir = await writeProject(project);
    await compile(dir);
    await writeFiles(dir, {
      "macros/pick.sql":
        "{% macro pick(column) %}{{ column }} as chosen{% endmacro %}",
    });
    const changed = await compile(dir);

    expect(changed.sql).toContain("id as chosen");
  });

  it("reuses entries when an unread var changes", async () => {
    const dir = await writeProject(project);
    await compile(dir);
    // Mark the cached SQL, so that the output shows whether it was reused.
    const file = path.join(dir, "target/render-cache.json");
    const saved = await readFile(file, "utf8");
    await writeFile(file, saved.replace("limit 5", "limit 5 -- cached"));
    const other = await compile(dir, "--vars", '{"unused": "b"}');

    expect(other.code).toBe(0);
    expect(other.sql).toContain("limit 5 -- cached");
  });

  it("still fails on a ref to a removed model", async () => {
    const dir = await writeProject(project);
    await compile(dir);
    await rm(path.join(dir, "models/base.sql"));
    const broken = await compile(dir);

    expect(broken.code).toBe(2);
    expect(broken.err).toContain("ref('base') names no model or seed");
  });
});
