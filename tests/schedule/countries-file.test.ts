import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  partnerLayoutSchema,
  partnerSectionSchema,
  sftpSchema,
} from "../../src/exchange/index.ts";
import { countrySections } from "../../src/cli/country-sections.ts";
import { loadProject } from "../../src/project/index.ts";
import { calendarSchema } from "../../src/schedule/index.ts";
import { COUNTRY_CALENDARS } from "./fixtures.ts";

interface CountryEntry {
  time_zone: string;
  params: Record<string, unknown>;
  holidays: { country: string; region?: string };
  calendar: unknown;
  partner: { sftp: unknown; layout: unknown };
}

const file = parse(readFileSync("countries.yml", "utf8")) as {
  param_types: Record<string, string>;
  countries: Record<string, CountryEntry>;
};

describe("countries.yml", () => {
  it("params match param_types", async () => {
    await expect(loadProject(".", { countrySections })).resolves.toBeDefined();
  });

  for (const code of ["fr", "de", "es"] as const) {
    it(`${code} calendar matches the tested one`, () => {
      const entry = file.countries[code]!;
      const expected = COUNTRY_CALENDARS[code];
      expect(calendarSchema.parse(entry.calendar)).toEqual(expected.calendar);
      expect(entry.time_zone).toBe(expected.time_zone);
      expect(entry.holidays).toEqual(expected.holidays);
    });

    it(`${code} params are all declared`, () => {
      const declared = Object.keys(file.param_types).sort();
      expect(Object.keys(file.countries[code]!.params).sort()).toEqual(
        declared,
      );
    });

    it(`${code} partner section is valid`, () => {
      const partner = file.countries[code]!.partner;
      expect(partnerSectionSchema.safeParse(partner).error).toBeUndefined();
      const sftp = sftpSchema.parse(partner.sftp);
      expect(sftp.host).toBe("127.0.0.1");
      expect(sftp.auth.private_key_file_env).toBe(
        `STRATA_${code.toUpperCase()}_SFTP_KEY_FILE`,
      );
      expect(partnerLayoutSchema.safeParse(partner.layout).success).toBe(true);
    });
  }
});
