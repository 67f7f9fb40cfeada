import { createHash } from "node:crypto";
import {
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRunHistory, runHistoryPath } from "../../src/schedule/index.ts";
import { queryCatalog, runCli, writeProject } from "../helpers/project.ts";
import { FR_LAYOUT, frenchQuotations, utf8WithBom } from "./partner-files.ts";
import {
  makePartnerFolders,
  startSshd,
  type SshdServer,
} from "./sshd-server.ts";

let server: SshdServer;
let projectDir: string;
let folders: { outbox: string; inbox: string };

function countriesYaml(): string {
  return stringify({
    countries: {
      fr: {
        time_zone: "Europe/Paris",
        currency: "EUR",
        holidays: { country: "FR" },
        calendar: {
          run_day: "3rd business day of Jan, Apr, Jul, Oct",
          partner_due: "run - 2 business days",
          dealer_offers: "run + 5 business days",
        },
        partner: {
          name: "Test partner",
          layout: FR_LAYOUT,
          sftp: {
            host: "127.0.0.1",
            port: server.port,
            user: "root",
            host_key_sha256: server.hostKeyFingerprint,
            auth: { private_key_file_env: "STRATA_FR_SFTP_KEY_FILE" },
            outbox: folders.outbox,
            inbox: folders.inbox,
            request_file: "demandes_{country}_{quarter}.csv",
            stable_seconds: 0.2,
            retries: 0,
            landing_dir: "landing/fr/quotations",
          },
        },
      },
    },
  });
}

beforeAll(async () => {
  server = await startSshd();
  folders = makePartnerFolders(server, "quarter");
  process.env.STRATA_FR_SFTP_KEY_FILE = server.clientKeyFile;
  projectDir = await writeProject({
    "countries.yml": countriesYaml(),
    "sources.yml": stringify({
      sources: [
        {
          name: "landing",
          tables: [
            {
              name: "quotations",
              format: "csv",
              path: "landing/{{ country }}/quotations/cotations_*.csv",
              options: { delim: ";", header: true, all_varchar: true },
            },
          ],
        },
      ],
    }),
    "models/quotation_count.sql":
      "{{ config(materialized='table') }}\nselect count(*) as quotations from {{ source('landing', 'quotations') }}",
    "models/quote_request_file.sql":
      "{{ config(materialized='table') }}\nselect 'VF1RFB00X62345678' as \"VIN\", 'Renault' as \"Marque\"",
  });
  const data = utf8WithBom(frenchQuotations());
  writeFileSync(join(folders.outbox, "cotations_2027Q1.csv"), data);
  const sha = createHash("sha256").update(data).digest("hex");
  writeFileSync(
    join(folders.outbox, "cotations_2027Q1.csv.sha256"),
    `${sha}\n`,
  );
});

afterAll(async () => {
  delete process.env.STRATA_FR_SFTP_KEY_FILE;
  await server?.stop();
  if (projectDir) rmSync(projectDir, { recursive: true, force: true });
});

describe("strata run --if-due", () => {
  it("runs the whole quarter in order", async () => {
    const result = await runCli([
      "run",
      "--country",
      "fr",
      "--force",
      "--project-dir",
      projectDir,
    ]);
    expect(result.err).toContain("[fr] pull: 1 files imported");
    expect(result.code).toBe(0);

    // The pull landed the file before the build read it.
    const rows = await queryCatalog(
      projectDir,
      'select quotations from "fr"."quotation_count"',
    );
    expect(rows).toEqual([{ quotations: "2" }]);

    const pushed = readdirSync(folders.inbox).filter((n) =>
      n.startsWith("demandes_fr_"),
    );
    expect(pushed).toHaveLength(2);
    const requestFile = pushed.find((n) => n.endsWith(".csv"))!;
    expect(
      readFileSync(join(folders.inbox, requestFile)).toString("utf8"),
    ).toBe("\uFEFFVIN;Marque\r\nVF1RFB00X62345678;Renault\r\n");

    const history = readRunHistory(runHistoryPath(join(projectDir, "target")));
    expect(history.map((e) => `${e.step}:${e.status}`)).toEqual([
      "quarter:started",
      "pull:succeeded",
      "build:succeeded",
      "push:succeeded",
      "quarter:succeeded",
    ]);
    expect(existsSync(join(projectDir, "target/run-fr.lock"))).toBe(false);
  });

  it("does not run a finished quarter again", async () => {
    const result = await runCli([
      "run",
      "--country",
      "fr",
      "--if-due",
      "--project-dir",
      projectDir,
    ]);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(
      /already ran to the end; the next run is \d{4}-Q\d on \d{4}-\d{2}-\d{2}/,
    );
  });

  it("needs a country", async () => {
    const result = await runCli([
      "run",
      "--if-due",
      "--project-dir",
      projectDir,
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      "error: --if-due and --force run one country's quarter; add --country <code>",
    );
  });
});
