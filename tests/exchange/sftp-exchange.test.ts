import { createHash } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  encodeRequestFile,
  ExchangeError,
  Ledger,
  loadCredentials,
  pullQuotations,
  pushRequests,
  type Credentials,
  type ExchangeEvent,
  type PartnerLayout,
  type SftpSettings,
} from "../../src/exchange/index.ts";
import {
  DE_LAYOUT,
  ES_LAYOUT,
  FR_LAYOUT,
  frenchQuotations,
  germanQuotations,
  spanishQuotations,
  testSettings,
  utf16WithBom,
  utf8WithBom,
} from "./partner-files.ts";
import {
  freePort,
  makePartnerFolders,
  startSshd,
  type SshdServer,
} from "./sshd-server.ts";

let server: SshdServer;
let credentials: Credentials;

beforeAll(async () => {
  server = await startSshd();
  credentials = loadCredentials(
    "fr",
    { private_key_file_env: "STRATA_TEST_SFTP_KEY_FILE" },
    "/",
    {
      STRATA_TEST_SFTP_KEY_FILE: server.clientKeyFile,
    },
  );
});

afterAll(async () => {
  await server?.stop();
});

let caseNumber = 0;
let projectDir: string;
let folders: { outbox: string; inbox: string };
let settings: SftpSettings;
let events: ExchangeEvent[];

beforeEach(() => {
  caseNumber++;
  projectDir = mkdtempSync(join(tmpdir(), "strata-exchange-"));
  folders = makePartnerFolders(server, `partner${caseNumber}`);
  settings = testSettings(
    server.port,
    server.hostKeyFingerprint,
    folders,
    "landing/quotations",
  );
  events = [];
  return () => rmSync(projectDir, { recursive: true, force: true });
});

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Delivers a file into the outbox as the partner would, with its checksum. */
function deliver(name: string, data: Buffer, withChecksum = true): void {
  writeFileSync(join(folders.outbox, name), data);
  if (withChecksum) {
    writeFileSync(
      join(folders.outbox, `${name}.sha256`),
      `${sha256(data)}  ${name}\n`,
    );
  }
}

function pull(
  layout: PartnerLayout = FR_LAYOUT,
  overrides: Partial<SftpSettings> = {},
) {
  return pullQuotations({
    country: "fr",
    settings: { ...settings, ...overrides },
    layout,
    credentials,
    projectDir,
    targetDir: join(projectDir, "target"),
    onEvent: (e) => events.push(e),
  });
}

function landed(): string[] {
  const folder = join(projectDir, "landing/quotations");
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

function remote(folder: string): string[] {
  const path = join(folders.outbox, folder);
  return existsSync(path) ? readdirSync(path).sort() : [];
}

describe("push", () => {
  const columns = [
    { name: "vin", kind: "text" as const },
    { name: "contract_end", kind: "date" as const },
    { name: "mileage_km", kind: "number" as const },
  ];
  const rows = [
    {
      vin: "VF1RFB00X62345678",
      contract_end: "2027-06-30",
      mileage_km: 48210.5,
    },
    { vin: "VF3MCYHZRHS123456", contract_end: null, mileage_km: 102003 },
  ];

  it("uploads atomically with a checksum", async () => {
    const data = encodeRequestFile(columns, rows, FR_LAYOUT, "demandes.csv");
    const result = await pushRequests({
      country: "fr",
      settings,
      credentials,
      targetDir: join(projectDir, "target"),
      quarter: "2027-Q1",
      data,
      onEvent: (e) => events.push(e),
    });
    expect(result.sent).toBe(true);
    expect(readdirSync(folders.inbox).sort()).toEqual([
      "demandes_fr_2027-Q1.csv",
      "demandes_fr_2027-Q1.csv.sha256",
    ]);
    const uploaded = readFileSync(
      join(folders.inbox, "demandes_fr_2027-Q1.csv"),
    );
    expect(uploaded.equals(data)).toBe(true);
    expect(
      readFileSync(
        join(folders.inbox, "demandes_fr_2027-Q1.csv.sha256"),
        "utf8",
      ),
    ).toBe(`${sha256(data)}  demandes_fr_2027-Q1.csv\n`);
    expect(uploaded.subarray(3).toString("utf8")).toBe(
      "vin;contract_end;mileage_km\r\nVF1RFB00X62345678;30.06.2027;48210,5\r\nVF3MCYHZRHS123456;;102003\r\n",
    );
    expect(events.map((e) => e.code)).toEqual(["connect", "file-pushed"]);
  });

  it("sends the same quarter only once", async () => {
    const data = encodeRequestFile(columns, rows, FR_LAYOUT, "demandes.csv");
    const options = {
      country: "fr",
      settings,
      credentials,
      targetDir: join(projectDir, "target"),
      quarter: "2027-Q1",
      data,
    };
    await pushRequests(options);
    rmSync(join(folders.inbox, "demandes_fr_2027-Q1.csv"));
    const again = await pushRequests({
      ...options,
      onEvent: (e) => events.push(e),
    });
    expect(again.sent).toBe(false);
    expect(existsSync(join(folders.inbox, "demandes_fr_2027-Q1.csv"))).toBe(
      false,
    );
    expect(events.map((e) => e.code)).toEqual(["push-skipped"]);
  });
});

describe("pull", () => {
  it("imports a French file with decimal commas", async () => {
    const data = utf8WithBom(frenchQuotations());
    deliver("cotations_2027Q1.csv", data);
    const result = await pull();
    expect(result.imported).toEqual(["cotations_2027Q1.csv"]);
    expect(result.rejected).toEqual([]);
    expect(landed()).toEqual(["cotations_2027Q1.csv"]);
    const landedBytes = readFileSync(
      join(projectDir, "landing/quotations/cotations_2027Q1.csv"),
    );
    expect(landedBytes.equals(data)).toBe(true);
    expect(
      readdirSync(folders.outbox).filter(
        (n) => !["processed", "rejected"].includes(n),
      ),
    ).toEqual([]);
    expect(remote("processed")).toEqual([
      "cotations_2027Q1.csv",
      "cotations_2027Q1.csv.sha256",
    ]);
    const ledger = Ledger.forCountry(join(projectDir, "target"), "fr").all();
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      status: "imported",
      name: "cotations_2027Q1.csv",
      size: data.length,
      sha256: sha256(data),
    });
  });

  it("imports a German Latin-1 file", async () => {
    deliver(
      "bewertungen_2027Q1.csv",
      Buffer.from(germanQuotations(), "latin1"),
    );
    const result = await pull(DE_LAYOUT);
    expect(result.imported).toEqual(["bewertungen_2027Q1.csv"]);
  });

  it("imports a Spanish UTF-16 file", async () => {
    deliver("tasaciones_2027Q1.csv", utf16WithBom(spanishQuotations()));
    const result = await pull(ES_LAYOUT);
    expect(result.imported).toEqual(["tasaciones_2027Q1.csv"]);
  });

  it("waits for a file still being written", async () => {
    const name = "cotations_growing.csv";
    const full = utf8WithBom(frenchQuotations());
    writeFileSync(join(folders.outbox, name), full.subarray(0, 40));
    let offset = 40;
    const writer = setInterval(() => {
      if (offset >= full.length) return;
      appendFileSync(
        join(folders.outbox, name),
        full.subarray(offset, offset + 20),
      );
      offset += 20;
    }, 50);
    try {
      const first = await pull(FR_LAYOUT, { complete_when: "end_marker" });
      expect(first.waiting).toEqual([name]);
      expect(first.imported).toEqual([]);
      expect(landed()).toEqual([]);
      expect(existsSync(join(folders.outbox, name))).toBe(true);
      expect(events.find((e) => e.code === "file-waiting")!.message).toContain(
        "still being written",
      );
    } finally {
      clearInterval(writer);
    }
  });

  it("waits for the checksum file", async () => {
    deliver("cotations_a.csv", utf8WithBom(frenchQuotations()), false);
    const first = await pull();
    expect(first.waiting).toEqual(["cotations_a.csv"]);
    expect(landed()).toEqual([]);

    writeFileSync(
      join(folders.outbox, "cotations_a.csv.sha256"),
      sha256(utf8WithBom(frenchQuotations())) + "\n",
    );
    const second = await pull();
    expect(second.imported).toEqual(["cotations_a.csv"]);
  });

  it("waits for the end marker", async () => {
    const text = frenchQuotations();
    deliver("cotations_b.csv", utf8WithBom(text), false);
    const first = await pull(FR_LAYOUT, { complete_when: "end_marker" });
    expect(first.waiting).toEqual(["cotations_b.csv"]);

    deliver("cotations_b.csv", utf8WithBom(text + "#EOF\r\n"), false);
    const second = await pull(FR_LAYOUT, { complete_when: "end_marker" });
    expect(second.imported).toEqual(["cotations_b.csv"]);
  });

  it("never imports the same file twice", async () => {
    const data = utf8WithBom(frenchQuotations());
    deliver("cotations_2027Q1.csv", data);
    await pull();
    deliver("cotations_2027Q1.csv", data);
    deliver("cotations_2027Q1_resent.csv", data);

    const second = await pull();
    expect(second.imported).toEqual([]);
    expect(second.duplicates.sort()).toEqual([
      "cotations_2027Q1.csv",
      "cotations_2027Q1_resent.csv",
    ]);
    expect(landed()).toEqual(["cotations_2027Q1.csv"]);
    expect(remote("processed")).toContain("cotations_2027Q1_resent.csv");
    expect(
      Ledger.forCountry(join(projectDir, "target"), "fr").all(),
    ).toHaveLength(1);
  });

  it("lands a corrected file beside the first", async () => {
    deliver("cotations_2027Q1.csv", utf8WithBom(frenchQuotations()));
    await pull();
    const corrected = utf8WithBom(
      frenchQuotations().replace("12\u202F450,00 €", "12\u202F500,00 €"),
    );
    deliver("cotations_2027Q1.csv", corrected);
    const second = await pull();
    expect(second.imported).toEqual(["cotations_2027Q1.csv"]);
    expect(landed()).toEqual(
      [
        "cotations_2027Q1.csv",
        `cotations_2027Q1.${sha256(corrected).slice(0, 12)}.csv`,
      ].sort(),
    );
  });

  it("ignores names outside the pattern", async () => {
    deliver("notes.txt", Buffer.from("hello"));
    deliver(".cotations_hidden.csv", utf8WithBom(frenchQuotations()));
    const result = await pull();
    expect(result).toEqual({
      imported: [],
      rejected: [],
      duplicates: [],
      waiting: [],
    });
    expect(existsSync(join(folders.outbox, "notes.txt"))).toBe(true);
  });
});

describe("pull rejections", () => {
  async function rejectedReport(
    name: string,
    data: Buffer,
    layout: PartnerLayout = FR_LAYOUT,
  ): Promise<string> {
    deliver(name, data);
    const result = await pull(layout);
    expect(result.imported).toEqual([]);
    expect(result.rejected.map((r) => r.name)).toEqual([name]);
    expect(landed()).toEqual([]);
    expect(existsSync(join(folders.outbox, name))).toBe(false);
    expect(remote("rejected")).toEqual([
      name,
      `${name}.report.txt`,
      `${name}.sha256`,
    ]);
    const local = join(projectDir, "target/exchange/fr/rejected");
    expect(readFileSync(join(local, name)).equals(data)).toBe(true);
    const report = readFileSync(result.rejected[0]!.report, "utf8");
    expect(
      readFileSync(
        join(folders.outbox, "rejected", `${name}.report.txt`),
        "utf8",
      ),
    ).toBe(report);
    return report;
  }

  it("quarantines a file in the wrong encoding", async () => {
    const latin1 = Buffer.from(frenchQuotations(), "latin1");
    const report = await rejectedReport("cotations_latin1.csv", latin1);
    expect(report).toContain(
      "not valid UTF-8: byte 0xE9 at offset 23; the file is probably Latin-1 or Windows-1252",
    );
  });

  it("quarantines UTF-8 sent as Latin-1", async () => {
    const report = await rejectedReport(
      "bewertungen_utf8.csv",
      Buffer.from(germanQuotations(), "utf8"),
      DE_LAYOUT,
    );
    expect(report).toContain("the file is UTF-8, expected Latin-1");
  });

  it("quarantines UTF-16 without a byte order mark", async () => {
    const report = await rejectedReport(
      "tasaciones_nobom.csv",
      Buffer.from(spanishQuotations(), "utf16le"),
      ES_LAYOUT,
    );
    expect(report).toContain("no UTF-16 byte order mark");
  });

  it("quarantines decimal commas where points are expected", async () => {
    const text = germanQuotations().replace("21350.50", "21350,50");
    const report = await rejectedReport(
      "bewertungen_comma.csv",
      Buffer.from(text, "latin1"),
      DE_LAYOUT,
    );
    expect(report).toContain(
      'line 3, column "Händlereinkaufswert": "21350,50" is not a number with decimal separator "."',
    );
  });

  it("quarantines a file with a missing column", async () => {
    const text = frenchQuotations()
      .split("\r\n")
      .map((line) =>
        line
          .split(";")
          .filter((_, i) => i !== 3)
          .join(";"),
      )
      .join("\r\n");
    const report = await rejectedReport(
      "cotations_missing.csv",
      utf8WithBom(text),
    );
    expect(report).toContain('missing column "Valeur reprise" (trade_value)');
    expect(report).toContain(
      'found columns: "VIN", "Date cotation", "Kilométrage", "Valeur vente", "Marque", "Modèle"',
    );
  });

  it("quarantines bad dates and empty keys", async () => {
    const text = frenchQuotations()
      .replace("04.01.2027", "2027-01-04")
      .replace("VF3MCYHZRHS123456", "");
    const report = await rejectedReport(
      "cotations_dates.csv",
      utf8WithBom(text),
    );
    expect(report).toContain(
      'line 2, column "Date cotation": "2027-01-04" is not a date in the format %d.%m.%Y',
    );
    expect(report).toContain('line 3, column "VIN": empty, expected a value');
  });

  it("quarantines a checksum mismatch", async () => {
    const name = "cotations_sum.csv";
    writeFileSync(join(folders.outbox, name), utf8WithBom(frenchQuotations()));
    writeFileSync(
      join(folders.outbox, `${name}.sha256`),
      `${"0".repeat(64)}  ${name}\n`,
    );
    const result = await pull();
    expect(result.rejected.map((r) => r.name)).toEqual([name]);
    expect(readFileSync(result.rejected[0]!.report, "utf8")).toContain(
      "checksum mismatch",
    );
  });

  it("rejects the same bad file again without importing", async () => {
    const latin1 = Buffer.from(frenchQuotations(), "latin1");
    await rejectedReport("cotations_latin1.csv", latin1);
    deliver("cotations_latin1.csv", latin1);
    const second = await pull();
    expect(second.duplicates).toEqual(["cotations_latin1.csv"]);
    expect(landed()).toEqual([]);
  });
});

describe("connection security and failures", () => {
  it("rejects a changed host key before authentication", async () => {
    const logBefore = readFileSync(server.logFile, "utf8").length;
    const other =
      "SHA256:" + Buffer.alloc(32, 7).toString("base64").replace(/=+$/, "");
    const error = await pull(FR_LAYOUT, { host_key_sha256: other }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExchangeError);
    const exchangeError = error as ExchangeError;
    expect(exchangeError.code).toBe("exchange-host-key-mismatch");
    expect(exchangeError.message).toBe(
      `sftp://root@127.0.0.1:${server.port}: host key ${server.hostKeyFingerprint} does not match the pinned ${other}; the connection was closed before authentication`,
    );
    expect(exchangeError.hint).toContain("out of band");
    expect(events.filter((e) => e.code === "retry")).toEqual([]);

    // sshd saw the connection end before any authentication attempt.
    await new Promise((r) => setTimeout(r, 200));
    const log = readFileSync(server.logFile, "utf8").slice(logBefore);
    expect(log).toContain("Connection from 127.0.0.1");
    expect(log).not.toMatch(/Accepted|Failed|Postponed|publickey/);
  });

  it("reports a refused connection after retries", async () => {
    const port = await freePort();
    const error = (await pull(FR_LAYOUT, { port }).catch(
      (e: unknown) => e,
    )) as ExchangeError;
    expect(error).toBeInstanceOf(ExchangeError);
    expect(error.code).toBe("exchange-connect-failed");
    expect(error.message).toContain(
      `sftp://root@127.0.0.1:${port}: connection failed:`,
    );
    expect(error.message).toContain("ECONNREFUSED");
    const retries = events.filter((e) => e.code === "retry");
    expect(retries.map((e) => e.attempt)).toEqual([2, 3]);
    expect(retries[0]!.message).toContain("retry 1 of 2 in 0.05 s");
    expect(retries[1]!.message).toContain("retry 2 of 2 in 0.1 s");
  });

  it("times out on a server that never answers", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    const port = await freePort();
    await new Promise<void>((resolve) =>
      silent.listen(port, "127.0.0.1", resolve),
    );
    try {
      const started = Date.now();
      const error = (await pull(FR_LAYOUT, {
        port,
        connect_timeout_seconds: 0.5,
        retries: 1,
      }).catch((e: unknown) => e)) as ExchangeError;
      expect(error).toBeInstanceOf(ExchangeError);
      expect(error.code).toBe("exchange-timeout");
      expect(error.message).toBe(
        `sftp://root@127.0.0.1:${port}: no SSH handshake within 0.5 s`,
      );
      expect(events.filter((e) => e.code === "retry")).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("keeps a wrong password out of errors and events", async () => {
    const secret = "hunter2-very-secret";
    const passwordOnly = loadCredentials(
      "fr",
      { password_env: "STRATA_TEST_SFTP_PASSWORD" },
      "/",
      {
        STRATA_TEST_SFTP_PASSWORD: secret,
      },
    );
    const error = (await pullQuotations({
      country: "fr",
      settings,
      layout: FR_LAYOUT,
      credentials: passwordOnly,
      projectDir,
      targetDir: join(projectDir, "target"),
      onEvent: (e) => events.push(e),
    }).catch((e: unknown) => e)) as ExchangeError;
    expect(error.code).toBe("exchange-auth-failed");
    expect(error.message).toBe(
      `sftp://root@127.0.0.1:${server.port}: authentication failed`,
    );
    const everything = JSON.stringify({
      message: error.message,
      hint: error.hint,
      stack: error.stack,
      events,
    });
    expect(everything).not.toContain(secret);
  });

  it("names a missing credential variable", () => {
    expect(() =>
      loadCredentials("fr", { password_env: "STRATA_NOT_SET" }, "/", {}),
    ).toThrow(
      "countries.fr.partner.sftp.auth: environment variable STRATA_NOT_SET is not set",
    );
  });
});
