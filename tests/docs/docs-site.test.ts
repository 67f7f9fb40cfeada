import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Manifest } from "../../src/artifacts/index.ts";
import { launchChromium, type TestBrowser } from "./chromium.ts";
import { runCli } from "./cli-io.ts";
import { writeFixtureProject } from "./fixture-project.ts";

// Screenshots land in the repository's target/ for people to look at.
const screenshotDir = path.resolve("target", "screenshots");

let projectDir: string;
let manifest: Manifest;
let browser: TestBrowser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  projectDir = await writeFixtureProject();
  expect((await runCli(["build", "--project-dir", projectDir])).code).toBe(0);
  const generated = await runCli([
    "docs",
    "generate",
    "-q",
    "--project-dir",
    projectDir,
  ]);
  expect(generated.code).toBe(0);
  manifest = JSON.parse(
    await readFile(path.join(projectDir, "target", "manifest.json"), "utf8"),
  ) as Manifest;

  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  const file = path.join(projectDir, "target", "docs", "index.html");
  await page.goto(pathToFileURL(file).href);
  await mkdir(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

const graphIds = (): string[] =>
  Object.entries(manifest.nodes)
    .filter(([, node]) => node.kind !== "test")
    .map(([id]) => id);

async function visibleNodeIds(): Promise<string[]> {
  return page
    .locator("#lineage .node:not(.filtered)")
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-id") ?? ""));
}

describe("docs site from disk", () => {
  test("loads without console errors", async () => {
    await expect(page.title()).resolves.toContain("fleet_demo");
    expect(consoleErrors).toEqual([]);
  });

  test("draws one node per model", async () => {
    const models = Object.entries(manifest.nodes)
      .filter(([, node]) => node.kind === "model")
      .map(([id]) => id)
      .sort();
    const drawn = await page
      .locator("#lineage .node.kind-model")
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-id")));
    expect(drawn.sort()).toEqual(models);
    expect(await page.locator("#lineage .node").count()).toBe(
      graphIds().length,
    );
  });

  test("draws one edge per dependency", async () => {
    const expected = Object.entries(manifest.nodes)
      .filter(([, node]) => node.kind !== "test")
      .flatMap(([id, node]) => node.depends_on.map((p) => `${p}->${id}`))
      .sort();
    const drawn = await page
      .locator("#lineage .edge")
      .evaluateAll((edges) =>
        edges.map(
          (e) => `${e.getAttribute("data-from")}->${e.getAttribute("data-to")}`,
        ),
      );
    expect(drawn.sort()).toEqual(expected);
  });

  test("click shows the model's SQL", async () => {
    await page.click('#lineage .node[data-id="model.resale_candidates"]');
    const details = page.locator("#details");
    await expect(details.locator("h2").textContent()).resolves.toContain(
      "resale_candidates",
    );
    const source = await details.locator("pre.sql-source").textContent();
    expect(source).toContain("{{ ref('stg_vehicles') }}");
    const compiled = await details.locator("pre.sql-compiled").textContent();
    expect(compiled).toContain('"main"."stg_vehicles"');
    await page.screenshot({
      path: path.join(screenshotDir, "docs-fixture-lineage.png"),
      fullPage: true,
    });
  });

  test("click highlights upstream and downstream", async () => {
    await page.click('#lineage .node[data-id="model.stg_segments"]');
    const classOf = (id: string) =>
      page.locator(`#lineage .node[data-id="${id}"]`).getAttribute("class");
    await expect(classOf("model.stg_segments")).resolves.toContain("selected");
    await expect(classOf("seed.segments")).resolves.toContain("upstream");
    await expect(classOf("model.remarketing_summary")).resolves.toContain(
      "downstream",
    );
    await expect(classOf("model.stg_vehicles")).resolves.toContain("dimmed");
    const lit = await page
      .locator("#lineage .edge.highlighted")
      .evaluateAll((edges) => edges.map((e) => e.getAttribute("data-to")));
    expect(lit.sort()).toEqual([
      "model.remarketing_summary",
      "model.resale_candidates",
      "model.stg_segments",
    ]);
  });

  test("details show the last run and tests", async () => {
    await page.click('#lineage .node[data-id="model.stg_vehicles"]');
    const details = page.locator("#details");
    await expect(details.textContent()).resolves.toContain(
      "unique_stg_vehicles_vehicle_id",
    );
    await expect(details.locator(".status-success").count()).resolves.toBe(1);
    await expect(details.locator(".status-pass").count()).resolves.toBe(3);
  });

  test("layer filter keeps that layer", async () => {
    await page.selectOption("#filter-layer", "staging");
    expect((await visibleNodeIds()).sort()).toEqual([
      "model.stg_segments",
      "model.stg_vehicles",
    ]);
    expect(await page.locator("#lineage .edge:not(.filtered)").count()).toBe(0);
    await page.selectOption("#filter-layer", "");
  });

  test("tag filter keeps tagged nodes", async () => {
    await page.selectOption("#filter-tag", "summary");
    expect(await visibleNodeIds()).toEqual(["model.remarketing_summary"]);
    await page.selectOption("#filter-tag", "");
  });

  test("text filter matches descriptions", async () => {
    await page.fill("#filter-text", "margins per segment");
    expect(await visibleNodeIds()).toEqual(["model.remarketing_summary"]);
    await page.fill("#filter-text", "");
    expect((await visibleNodeIds()).length).toBe(graphIds().length);
  });

  test("models tab lists models by layer", async () => {
    await page.click('nav button[data-tab="models"]');
    const layers = await page
      .locator('section[data-panel="models"] h2')
      .allTextContents();
    expect(layers).toEqual(["seeds", "staging", "marts"]);
    await page.click('.model-link[data-id="model.stg_vehicles"]');
    await expect(
      page.locator('section[data-panel="lineage"]').isVisible(),
    ).resolves.toBe(true);
    await expect(page.locator("#details h2").textContent()).resolves.toContain(
      "stg_vehicles",
    );
  });

  test("runs tab shows last run and history", async () => {
    await page.click('nav button[data-tab="runs"]');
    await expect(page.locator("#last-run tbody tr").count()).resolves.toBe(8);
    await expect(page.locator("#run-history tbody tr").count()).resolves.toBe(
      1,
    );
  });

  test("results tab charts each segment", async () => {
    await page.click('nav button[data-tab="results"]');
    const country = page.locator("section.country#results-all");
    await expect(country.locator("svg.chart").count()).resolves.toBe(2);
    const bars = country.locator("svg.chart").first().locator("rect.bar");
    await expect(bars.count()).resolves.toBe(3);
    await expect(
      country.locator("svg.chart").nth(1).locator("rect.bar").count(),
    ).resolves.toBe(6);
    await page.screenshot({
      path: path.join(screenshotDir, "docs-fixture-results.png"),
      fullPage: true,
    });
    expect(consoleErrors).toEqual([]);
  });
});
