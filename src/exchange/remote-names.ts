import { posix } from "node:path";
import { ExchangeError } from "./errors.ts";

/**
 * Tests whether a remote entry name is a plain file name: no folder separator,
 * no `.` or `..`, no leading dot (temporary and hidden files), no control
 * characters. Only such names are ever joined to a remote folder.
 */
export function isSafeRemoteName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !name.startsWith(".") &&
    !/[/\\]/.test(name) &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(name)
  );
}

/** Converts a file glob with `*` and `?` into an anchored expression. */
export function globToRegExp(glob: string): RegExp {
  const source = [...glob]
    .map((c) => {
      if (c === "*") return "[^/]*";
      if (c === "?") return "[^/]";
      return c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}$`);
}

/**
 * Joins a folder and a file name, raising when the name could leave the
 * folder. Every remote path of the exchange is built here.
 */
export function remotePath(folder: string, name: string): string {
  if (!isSafeRemoteName(name)) {
    throw new ExchangeError({
      code: "exchange-unsafe-remote-name",
      subject: `remote name ${JSON.stringify(name)}`,
      message: "is not a plain file name",
      hint: "Remote names may not contain / or \\, start with a dot or contain control characters.",
    });
  }
  const path = posix.join(folder, name);
  if (
    posix.dirname(path) !== posix.normalize(folder).replace(/\/$/, "") &&
    folder !== "/"
  ) {
    throw new ExchangeError({
      code: "exchange-unsafe-remote-name",
      subject: `remote name ${JSON.stringify(name)}`,
      message: `leaves the folder ${folder}`,
      hint: "Remote names must stay inside their folder.",
    });
  }
  return path;
}
