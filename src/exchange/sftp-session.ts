import type SftpClient from "ssh2-sftp-client";
import type { Credentials } from "./credentials.ts";
import { ExchangeError } from "./errors.ts";
import { fingerprintFromHex, normalizeFingerprint } from "./host-key.ts";
import { withTimeout } from "./retry.ts";
import type { SftpSettings } from "./sftp-schema.ts";

/** A remote directory entry. */
export interface RemoteEntry {
  readonly name: string;
  readonly size: number;
  readonly isFile: boolean;
  /** Modification time in milliseconds since the epoch. */
  readonly modifyTime: number;
}

type ConnectionSettings = Pick<
  SftpSettings,
  | "host"
  | "port"
  | "user"
  | "host_key_sha256"
  | "connect_timeout_seconds"
  | "transfer_timeout_seconds"
>;

/**
 * An open SFTP connection whose every operation has the transfer time-out.
 * Errors are ExchangeErrors that name the server and path, never the
 * credentials.
 */
export class SftpSession {
  private constructor(
    private readonly client: SftpClient,
    private readonly server: string,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Connects and authenticates. The host key is checked against the
   * pinned fingerprint during the key exchange, before any credential is
   * sent; a different key raises `exchange-host-key-mismatch`.
   */
  static async open(
    settings: ConnectionSettings,
    credentials: Credentials,
  ): Promise<SftpSession> {
    const server = `sftp://${settings.user}@${settings.host}:${settings.port}`;
    const pinned = normalizeFingerprint(settings.host_key_sha256);
    let presented: string | undefined;
    // Loaded on first use, because only the exchange commands need ssh2.
    const { default: Client } = await import("ssh2-sftp-client");
    const client = new Client("strata");
    try {
      await client.connect({
        host: settings.host,
        port: settings.port,
        username: settings.user,
        privateKey: credentials.privateKey,
        passphrase: credentials.passphrase,
        password: credentials.password,
        readyTimeout: settings.connect_timeout_seconds * 1000,
        hostHash: "sha256",
        hostVerifier: (hexDigest: string) => {
          presented = fingerprintFromHex(hexDigest);
          return presented === pinned;
        },
        // Only public key and password, so no keyboard-interactive prompt.
        tryKeyboard: false,
      });
    } catch (error) {
      await client.end().catch(() => undefined);
      throw connectError(
        error,
        server,
        pinned,
        presented,
        settings.connect_timeout_seconds,
      );
    }
    return new SftpSession(
      client,
      server,
      settings.transfer_timeout_seconds * 1000,
    );
  }

  private async run<T>(
    what: string,
    path: string,
    operation: () => Promise<T>,
  ): Promise<T> {
    try {
      return await withTimeout(
        operation(),
        this.timeoutMs,
        `${this.server}${path} (${what})`,
        () => {
          void this.client.end().catch(() => undefined);
        },
      );
    } catch (error) {
      if (error instanceof ExchangeError) throw error;
      throw new ExchangeError({
        code: "exchange-remote-error",
        subject: `${this.server}${path}`,
        message: `${what} failed: ${(error as Error).message}`,
        hint: "Check that the folder exists and that the SFTP user may read and write it.",
        transient: isTransient(error),
      });
    }
  }

  async list(folder: string): Promise<RemoteEntry[]> {
    const entries = await this.run("list", folder, () =>
      this.client.list(folder),
    );
    return entries.map((e) => ({
      name: e.name,
      size: e.size,
      isFile: e.type === "-",
      modifyTime: e.modifyTime,
    }));
  }

  /** Size of a remote file, or undefined when it does not exist. */
  async size(path: string): Promise<number | undefined> {
    const found = await this.run("exists", path, () =>
      this.client.exists(path),
    );
    if (found !== "-") return undefined;
    const stats = await this.run("stat", path, () => this.client.stat(path));
    return stats.size;
  }

  /** Downloads a file into memory (see STACK notes: `get` to a path may return early). */
  async read(path: string): Promise<Buffer> {
    const data = await this.run("download", path, () => this.client.get(path));
    return data as Buffer;
  }

  async uploadFile(localPath: string, remote: string): Promise<void> {
    await this.run("upload", remote, () =>
      this.client.fastPut(localPath, remote),
    );
  }

  async uploadBuffer(data: Buffer, remote: string): Promise<void> {
    await this.run("upload", remote, () => this.client.put(data, remote));
  }

  /** Renames, replacing an existing target (plain rename fails on OpenSSH). */
  async rename(from: string, to: string): Promise<void> {
    await this.run("rename", from, () => this.client.posixRename(from, to));
  }

  async ensureFolder(path: string): Promise<void> {
    const kind = await this.run("exists", path, () => this.client.exists(path));
    if (kind === "d") return;
    await this.run("mkdir", path, () => this.client.mkdir(path, false));
  }

  async delete(path: string): Promise<void> {
    await this.run("delete", path, () => this.client.delete(path, true));
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

function isTransient(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? "";
  return (
    [
      "ECONNREFUSED",
      "ECONNRESET",
      "ETIMEDOUT",
      "EHOSTUNREACH",
      "ENETUNREACH",
      "EPIPE",
      "ENOTCONN",
    ].includes(code ?? "") ||
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|timed out|Timed out|No response from server|Not connected/.test(
      message,
    )
  );
}

function connectError(
  error: unknown,
  server: string,
  pinned: string,
  presented: string | undefined,
  timeoutSeconds: number,
): ExchangeError {
  const message = (error as Error).message ?? String(error);
  if (presented !== undefined && presented !== pinned) {
    return new ExchangeError({
      code: "exchange-host-key-mismatch",
      subject: server,
      message: `host key ${presented} does not match the pinned ${pinned}; the connection was closed before authentication`,
      hint: "If the partner changed its key, confirm the new fingerprint with them out of band and update host_key_sha256 in countries.yml; otherwise treat it as an attack.",
    });
  }
  if (/authentication/i.test(message)) {
    return new ExchangeError({
      code: "exchange-auth-failed",
      subject: server,
      message: "authentication failed",
      hint: "Check the user and the credentials that partner.sftp.auth names.",
    });
  }
  if (/timed out|timeout/i.test(message)) {
    return new ExchangeError({
      code: "exchange-timeout",
      subject: server,
      message: `no SSH handshake within ${timeoutSeconds} s`,
      hint: "Check that the server is up and reachable; raise connect_timeout_seconds for a slow link.",
      transient: true,
    });
  }
  return new ExchangeError({
    code: "exchange-connect-failed",
    subject: server,
    message: `connection failed: ${message.replace(/^getConnection: /, "")}`,
    hint: "Check host and port in countries.yml and that the server is up.",
    transient: isTransient(error),
  });
}
