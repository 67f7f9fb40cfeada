import { createHash } from "node:crypto";

/**
 * Converts the hex SHA-256 digest that ssh2 passes to `hostVerifier`
 * (with `hostHash: "sha256"`) into OpenSSH's `SHA256:<base64>` form, the
 * one `ssh-keygen -l` prints and countries.yml pins.
 */
export function fingerprintFromHex(hexDigest: string): string {
  const base64 = Buffer.from(hexDigest, "hex").toString("base64");
  return `SHA256:${base64.replace(/=+$/, "")}`;
}

/** Normalises a pinned fingerprint: OpenSSH omits the base64 padding. */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.trim().replace(/=+$/, "");
}

/** Fingerprint of an OpenSSH public key line (`ssh-ed25519 AAAA… comment`). */
export function fingerprintOfPublicKey(line: string): string {
  const blob = Buffer.from(line.trim().split(/\s+/)[1] ?? "", "base64");
  return fingerprintFromHex(createHash("sha256").update(blob).digest("hex"));
}
