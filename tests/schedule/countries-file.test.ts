import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  partnerLayoutSchema,
  partnerSectionSchema,
  sftpSchema,
} from "../../src/exchange/index.ts";
import { calendarSchema } from "../../src/schedule/index.ts";
import { COUNTRY_CALENDARS } from "./fixtures.ts";

interface CountryEntry {
  time_zone: string;
  holidays: { country: string; region?: string };
  calendar: unknown;
  partner: { sftp: unknown; layout: unknown };
}

const file = parse(readFileSync("countries.yml", "utf8")) as {
  countries: Record<string, CountryEntry>;
};

describe("countries.yml", () => {
  for (const code of ["fr", "de", "es"] as const) {
    it(`${code} calendar matches the tested one`, () => {
      const entry = file.countries[code]!;
      const expected = COUNTRY_CALENDARS[code];
      expect(calendarSchema.parse(entry.calendar)).toEqual(expected.calendar);
      expect(entry.time_zone).toBe(expected.time_zone);
      expect(entry.holidays).toEqual(expected.holidays);
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
