import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, extname, join } from "node:path";

export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Writes a file in one step for readers: the data goes to a temporary
 * name in the same folder, then a rename puts it in place, so a reader
 * sees the whole file or none of it.
 */
export function writeFileAtomically(path: string, data: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.tmp`,
  );
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/**
 * Picks where a file lands: its own name, or `<stem>.<sha12><ext>` when a
 * different file of that name is already there. Returns undefined when
 * the same content is already there.
 */
export function landingPath(
  folder: string,
  name: string,
  sha256: string,
): string | undefined {
  const plain = join(folder, name);
  if (!existsSync(plain)) return plain;
  if (sha256Hex(readFileSync(plain)) === sha256) return undefined;
  const extension = extname(name);
  return join(
    folder,
    `${name.slice(0, name.length - extension.length)}.${sha256.slice(0, 12)}${extension}`,
  );
}
