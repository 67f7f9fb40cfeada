import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fingerprintOfPublicKey } from "../../src/exchange/index.ts";

/** A real OpenSSH server on 127.0.0.1 for one test file. */
export interface SshdServer {
  readonly port: number;
  readonly dir: string;
  readonly hostKeyFingerprint: string;
  readonly clientKeyFile: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string")
    throw new Error("no port");
  return address.port;
}

function generateKey(file: string): void {
  execFileSync("ssh-keygen", [
    "-q",
    "-t",
    "ed25519",
    "-N",
    "",
    "-C",
    "strata-test",
    "-f",
    file,
  ]);
}

async function waitForBanner(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const banner = await new Promise<string>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      socket.setTimeout(1000);
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString());
      });
      socket.once("error", () => resolve(""));
      socket.once("timeout", () => {
        socket.destroy();
        resolve("");
      });
    });
    if (banner.startsWith("SSH-2.0")) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd did not answer on 127.0.0.1:${port}`);
}

/**
 * Starts `sshd -D -e` with a temporary host key and config: internal-sftp,
 * public key authentication for root from a temporary authorized_keys.
 * Stop it with `stop()`, which ends the process by its PID.
 */
export async function startSshd(): Promise<SshdServer> {
  if (!existsSync("/usr/sbin/sshd") || !existsSync("/run/sshd")) {
    throw new Error("OpenSSH server missing: run .ci/install-sftp.sh first");
  }
  const dir = mkdtempSync(join(tmpdir(), "strata-sshd-"));
  const hostKey = join(dir, "host_key");
  const clientKey = join(dir, "client_key");
  generateKey(hostKey);
  generateKey(clientKey);
  writeFileSync(join(dir, "authorized_keys"), readFileSync(`${clientKey}.pub`));

  const port = await freePort();
  const config = join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
      "StrictModes no",
      "UsePAM yes",
      "LogLevel VERBOSE",
      "Subsystem sftp internal-sftp",
      "",
    ].join("\n"),
  );
  const logFile = join(dir, "sshd.log");
  const log = openSync(logFile, "a");
  const child: ChildProcess = spawn(
    "/usr/sbin/sshd",
    ["-D", "-e", "-f", config],
    {
      stdio: ["ignore", log, log],
    },
  );
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => resolve()),
  );
  try {
    await waitForBanner(port, Date.now() + 10_000);
  } catch (error) {
    if (child.pid !== undefined) process.kill(child.pid, "SIGTERM");
    throw new Error(
      `${(error as Error).message}\n${readFileSync(logFile, "utf8")}`,
      { cause: error },
    );
  }

  return {
    port,
    dir,
    hostKeyFingerprint: fingerprintOfPublicKey(
      readFileSync(`${hostKey}.pub`, "utf8"),
    ),
    clientKeyFile: clientKey,
    logFile,
    async stop() {
      if (child.pid !== undefined && child.exitCode === null) {
        process.kill(child.pid, "SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a partner's outbox and inbox under the server's folder. */
export function makePartnerFolders(
  server: SshdServer,
  name: string,
): { outbox: string; inbox: string } {
  const outbox = join(server.dir, name, "outbox");
  const inbox = join(server.dir, name, "inbox");
  mkdirSync(outbox, { recursive: true });
  mkdirSync(inbox, { recursive: true });
  return { outbox, inbox };
}
