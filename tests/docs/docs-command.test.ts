import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { runCli } from "./cli-io.ts";
import { writeFixtureProject } from "./fixture-project.ts";

let projectDir: string;

beforeAll(async () => {
  projectDir = await writeFixtureProject();
  const generated = await runCli([
    "docs",
    "generate",
    "--project-dir",
    projectDir,
  ]);
  expect(generated.code).toBe(0);
});

describe("strata docs", () => {
  test("generate prints the page path", async () => {
    const { code, out } = await runCli([
      "docs",
      "generate",
      "-q",
      "--project-dir",
      projectDir,
    ]);
    expect(code).toBe(0);
    expect(out).toEqual([
      path.join(projectDir, "target", "docs", "index.html"),
    ]);
  });

  test("generate without a catalog explains", async () => {
    const { readFile } = await import("node:fs/promises");
    const html = await readFile(
      path.join(projectDir, "target", "docs", "index.html"),
      "utf8",
    );
    expect(html).toContain('id="no-results"');
    expect(html).toContain("run strata build first");
  });

  test("serve before generate is docs-not-generated", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "strata-empty-"));
    const { code, err } = await runCli([
      "docs",
      "serve",
      "--project-dir",
      empty,
    ]);
    expect(code).toBe(2);
    expect(err[0]).toBe(
      `error: no docs site in ${path.join(empty, "target", "docs")}\n  Run \`strata docs generate\` first, then serve it.`,
    );
  });

  test("serve rejects an invalid port", async () => {
    const { code, err } = await runCli(["docs", "serve", "--port", "70000"]);
    expect(code).toBe(2);
    expect(err.join("\n")).toContain("expected a port number from 0 to 65535");
  });

  test("serve answers on loopback and stops on SIGINT", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/main.ts",
        "docs",
        "serve",
        "--port",
        "0",
        "--project-dir",
        projectDir,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(stderr);
        if (match) resolve(match[0]);
      });
      child.once("exit", () => reject(new Error(`exited early: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => resolve(code)),
    );

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain('id="lineage"');
    const escape = await fetch(`${url}..%2f..%2fstrata.yml`);
    expect(escape.status).toBe(403);
    const missing = await fetch(`${url}missing.html`);
    expect(missing.status).toBe(404);

    child.kill("SIGINT");
    await expect(exited).resolves.toBe(0);
    expect(stderr).toContain("stopped serving the docs");
  });
});
