// Takes screenshots of a project's generated docs site (the lineage page
// with one model opened, and the results page) in Debian's chromium.
//
//   npx tsx scripts/docs-screenshots.ts PROJECT_DIR OUT_PREFIX [MODEL]
//
// writes OUT_PREFIX-lineage.png and OUT_PREFIX-results.png. Run
// `strata docs generate --project-dir PROJECT_DIR` first.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "../tests/docs/chromium.ts";

const [projectDir, prefix, model] = process.argv.slice(2);
if (!projectDir || !prefix) {
  console.error(
    "usage: tsx scripts/docs-screenshots.ts PROJECT_DIR OUT_PREFIX [MODEL]",
  );
  process.exit(2);
}

const page = path.resolve(projectDir, "target", "docs", "index.html");
await mkdir(path.dirname(path.resolve(prefix)), { recursive: true });
const browser = await launchChromium();
try {
  const tab = await browser.context.newPage();
  const errors: string[] = [];
  tab.on("pageerror", (error) => errors.push(error.message));
  tab.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await tab.goto(pathToFileURL(page).href);
  if (model) await tab.click(`#lineage .node[data-name="${model}"]`);
  await tab.screenshot({ path: `${prefix}-lineage.png`, fullPage: false });
  await tab.click('nav button[data-tab="results"]');
  await tab.screenshot({ path: `${prefix}-results.png`, fullPage: true });
  console.log(`${prefix}-lineage.png\n${prefix}-results.png`);
  if (errors.length > 0) {
    console.error(`console errors:\n${errors.join("\n")}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
