import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { generateLanding } from "../../scripts/generate-landing.ts";
import { repositoryDir } from "./project-copy.ts";

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

async function digest(dir: string): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const file of await listFiles(dir)) {
    const bytes = await readFile(join(dir, file));
    digests.set(file, createHash("sha256").update(bytes).digest("hex"));
  }
  return digests;
}

async function generate(seed: number): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), "landing-"));
  await generateLanding({
    vehicles: 500,
    outDir,
    countries: ["fr", "de", "es"],
    seed,
    referenceDate: "2026-10-01",
    projectDir: repositoryDir,
  });
  return outDir;
}

async function firstQuotationFile(
  landingDir: string,
  country: string,
): Promise<Buffer> {
  const dir = join(landingDir, country, "quotations");
  const [first] = (await readdir(dir)).sort();
  return readFile(join(dir, first!));
}

describe("generate-landing", () => {
  it("writes identical bytes for the same seed", async () => {
    const first = await digest(await generate(7));
    const second = await digest(await generate(7));

    expect(first.size).toBeGreaterThan(10);
    expect([...second.entries()]).toEqual([...first.entries()]);
  });

  it("writes different data for another seed", async () => {
    const first = await digest(await generate(7));
    const other = await digest(await generate(8));

    expect(other.get("fr/vehicles.parquet")).not.toEqual(
      first.get("fr/vehicles.parquet"),
    );
  });

  it("writes each partner's file quirks", async () => {
    const landingDir = await generate(7);
    const french = await firstQuotationFile(landingDir, "fr");
    const german = await firstQuotationFile(landingDir, "de");
    const spanish = await firstQuotationFile(landingDir, "es");

    expect([...french.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(french.toString("utf8")).toMatch(/\d\u202f\d{3} €;/u);
    expect(french.toString("utf8")).toMatch(/;\d{2}\.\d{2}\.\d{4};/);
    // "Händlereinkaufswert" in latin-1: ä is the single byte 0xE4.
    expect(german.includes(Buffer.from([0x48, 0xe4, 0x6e]))).toBe(true);
    expect([...spanish.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(spanish.toString("utf16le")).toMatch(/,\d+\.\d,\d+\.\d,/);
  });
});
