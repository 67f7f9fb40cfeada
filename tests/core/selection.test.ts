import { beforeAll, describe, expect, it } from "vitest";
import { runCli, writeFiles, writeProject } from "../helpers/project.ts";

// a -> b -> c -> d, and a -> e; b and e are tagged.
const chain = {
  "models/staging/a.sql": "select 1 as id",
  "models/staging/b.sql":
    "{{ config(tags=['nightly']) }}select * from {{ ref('a') }}",
  "models/marts/c.sql": "select * from {{ ref('b') }}",
  "models/marts/d.sql": "select * from {{ ref('c') }}",
  "models/marts/e.sql":
    "{{ config(tags=['nightly', 'finance']) }}select * from {{ ref('a') }}",
  "models/marts/e.yml":
    "models:\n  - name: e\n    columns:\n      - name: id\n        tests: [not_null]\n",
};

describe("selection", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeProject(chain);
  });

  const list = async (...args: string[]): Promise<string[]> => {
    const result = await runCli([
      "ls",
      "--project-dir",
      dir,
      "--resource-type",
      "model",
      ...args,
    ]);
    expect(result.code).toBe(0);
    return result.out.split("\n").filter(Boolean).sort();
  };

  const cases: [string, string[], string[]][] = [
    ["name", ["--select", "c"], ["c"]],
    ["wildcard", ["--select", "*"], ["a", "b", "c", "d", "e"]],
    ["+m ancestors", ["--select", "+c"], ["a", "b", "c"]],
    ["m+ descendants", ["--select", "b+"], ["b", "c", "d"]],
    ["n+m limited ancestors", ["--select", "1+c"], ["b", "c"]],
    ["m+n limited descendants", ["--select", "a+1"], ["a", "b", "e"]],
    ["@m", ["--select", "@c"], ["a", "b", "c", "d"]],
    ["tag:", ["--select", "tag:nightly"], ["b", "e"]],
    ["path:", ["--select", "path:models/staging"], ["a", "b"]],
    ["space is union", ["--select", "c e"], ["c", "e"]],
    ["repeated values are a union", ["--select", "c", "e"], ["c", "e"]],
    [
      "comma is intersection",
      ["--select", "tag:nightly,path:models/marts"],
      ["e"],
    ],
    ["exclude", ["--select", "a+", "--exclude", "c+"], ["a", "b", "e"]],
    ["exclude alone", ["--exclude", "tag:finance"], ["a", "b", "c", "d"]],
  ];
  for (const [label, args, expected] of cases) {
    it(`${label}: ${args.join(" ")}`, async () => {
      expect(await list(...args)).toEqual(expected);
    });
  }

  it("selecting a model brings its tests", async () => {
    const result = await runCli(["ls", "--project-dir", dir, "--select", "e"]);

    expect(result.out.split("\n").sort()).toEqual(["e", "not_null_e_id"]);
  });

  it("singular test needs all its parents selected", async () => {
    await writeFiles(dir, {
      "tests/data/c_matches_e.sql":
        "select * from {{ ref('c') }} where id not in (select id from {{ ref('e') }})",
    });
    const one = await runCli(["ls", "--project-dir", dir, "--select", "c"]);
    const both = await runCli(["ls", "--project-dir", dir, "--select", "c e"]);

    expect(one.out.split("\n")).not.toContain("c_matches_e");
    expect(both.out.split("\n")).toContain("c_matches_e");
  });

  it("json output has kind and dependencies", async () => {
    const result = await runCli([
      "ls",
      "--project-dir",
      dir,
      "--select",
      "b",
      "--output",
      "json",
    ]);
    const [node] = result.out.split("\n").map((line) => JSON.parse(line));

    expect(node).toMatchObject({
      id: "model.b",
      kind: "model",
      depends_on: ["model.a"],
      tags: ["nightly"],
    });
  });

  it("unknown method is a usage error", async () => {
    const result = await runCli([
      "ls",
      "--project-dir",
      dir,
      "--select",
      "colour:red",
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      "invalid selector 'colour:red': unknown method colour",
    );
  });

  it("build runs only the selection", async () => {
    const result = await runCli([
      "build",
      "--project-dir",
      dir,
      "--select",
      "+c",
    ]);

    expect(result.code).toBe(0);
    expect(result.err).toContain("model c");
    expect(result.err).not.toContain("model d");
  });
});
