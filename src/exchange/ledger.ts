import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** One transfer in the ledger, `target/exchange/<country>/ledger.jsonl`. */
export interface LedgerEntry {
  readonly at: string;
  readonly direction: "pull" | "push";
  readonly status: "imported" | "rejected" | "pushed";
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  /** Landing path of a pulled file, relative to the project. */
  readonly landedAs?: string;
}

/** Folder of a country's exchange artifacts under `target/`. */
export function exchangeDir(targetDir: string, country: string): string {
  return join(targetDir, "exchange", country);
}

/**
 * The append-only record of every file pulled or pushed for a country.
 * Files are keyed by name, size and SHA-256, so a file delivered again is
 * never imported twice and a request file is never sent twice.
 */
export class Ledger {
  private readonly entries: LedgerEntry[];

  constructor(readonly file: string) {
    this.entries = existsSync(file)
      ? readFileSync(file, "utf8")
          .split("\n")
          .filter((line) => line.trim() !== "")
          .flatMap((line) => {
            try {
              return [JSON.parse(line) as LedgerEntry];
            } catch {
              // A line cut short by a crash: its transfer did not finish.
              return [];
            }
          })
      : [];
  }

  static forCountry(targetDir: string, country: string): Ledger {
    return new Ledger(join(exchangeDir(targetDir, country), "ledger.jsonl"));
  }

  /** The entry of the same name, size and content, if any. */
  find(
    direction: LedgerEntry["direction"],
    name: string,
    size: number,
    sha256: string,
  ): LedgerEntry | undefined {
    return this.entries.find(
      (e) =>
        e.direction === direction &&
        e.name === name &&
        e.size === size &&
        e.sha256 === sha256,
    );
  }

  /** Finds an imported entry with the same content under any name. */
  findImportedContent(size: number, sha256: string): LedgerEntry | undefined {
    return this.entries.find(
      (e) =>
        e.direction === "pull" &&
        e.status === "imported" &&
        e.size === size &&
        e.sha256 === sha256,
    );
  }

  append(entry: Omit<LedgerEntry, "at">): LedgerEntry {
    const full = { at: new Date().toISOString(), ...entry };
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, JSON.stringify(full) + "\n");
    this.entries.push(full);
    return full;
  }

  all(): readonly LedgerEntry[] {
    return this.entries;
  }
}
