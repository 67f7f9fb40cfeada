import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectSiteData } from "../../src/docs/site-data.ts";
import { runCli, writeProject } from "../helpers/project.ts";

const files = {
  "models/a.sql": "{{ config(materialized='table') }}select 1 as id",
};

describe("docs site data", () => {
  it("reads duration_ms of the last run", async () => {
    const dir = await writeProject(files);
    expect((await runCli(["run", "--project-dir", dir])).code).toBe(0);
    const written = JSON.parse(
      await readFile(path.join(dir, "target", "run_results.json"), "utf8"),
    );

    const site = await collectSiteData(dir);

    const node = site.nodes.find((n) => n.id === "model.a")!;
    expect(node.lastResults[0]!.durationMs).toBe(
      written.results[0].duration_ms,
    );
  });

  it("reads durationMs of an older run_results.json", async () => {
    const dir = await writeProject(files);
    expect((await runCli(["compile", "--project-dir", dir])).code).toBe(0);
    const older = {
      metadata: {
        run_id: "20260101000000000-abcdef",
        command: "run",
        started_at: "2026-01-01T00:00:00.000Z",
        finished_at: "2026-01-01T00:00:01.000Z",
        elapsed_ms: 1000,
        args: { projectDir: dir, logFormat: "text" },
        published: { none: ["a"] },
      },
      results: [
        {
          id: "model.a",
          name: "a",
          kind: "model",
          country: null,
          status: "success",
          durationMs: 412,
          rows: 1,
        },
      ],
    };
    await writeFile(
      path.join(dir, "target", "run_results.json"),
      JSON.stringify(older),
    );

    const site = await collectSiteData(dir);

    const node = site.nodes.find((n) => n.id === "model.a")!;
    expect(node.lastResults).toHaveLength(1);
    expect(node.lastResults[0]!.durationMs).toBe(412);
    expect(node.lastResults[0]!.status).toBe("success");
  });
});
