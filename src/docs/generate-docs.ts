import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { readResaleResults } from "./resale-results.ts";
import { renderPage } from "./render-page.ts";
import { collectSiteData } from "./site-data.ts";

export interface GenerateDocsOptions {
  readonly projectDir: string;
  /** The DuckDB catalog to read results from; none skips the results. */
  readonly catalogPath?: string;
}

/**
 * Writes the docs site, `target/docs/index.html`, from the artifacts under
 * `target/` and returns the file's path. The manifest must be current, so
 * callers compile the project first.
 */
export async function generateDocs(
  options: GenerateDocsOptions,
): Promise<string> {
  const results = options.catalogPath
    ? await readResaleResults(options.catalogPath)
    : { reason: "the target has no catalog file" };
  const data = await collectSiteData(options.projectDir, results);
  const dir = docsDir(options.projectDir);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "index.html");
  await writeFile(file, renderPage(data));
  return file;
}

/** Returns the folder the docs site is written to. */
export function docsDir(projectDir: string): string {
  return path.join(projectDir, "target", "docs");
}
