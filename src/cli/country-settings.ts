import {
  partnerLayoutSchema,
  sftpSchema,
  type PartnerLayout,
  type SftpSettings,
} from "../exchange/index.ts";
import { loadProject, type Country, type Project } from "../project/index.ts";
import {
  calendarSchema,
  resolveCountryCalendar,
  ScheduleError,
  type CountryCalendar,
} from "../schedule/index.ts";
import { ExchangeError } from "../exchange/index.ts";
import { countrySections } from "./country-sections.ts";

/** Loads the project with the calendar and partner sections checked. */
export function loadCountriesProject(projectDir: string): Promise<Project> {
  return loadProject(projectDir, { countrySections });
}

/** Selects the countries of a command: one by code, or all of countries.yml. */
export function selectCountries(project: Project, code?: string): Country[] {
  if (code === undefined) return [...project.countries.values()];
  const country = project.countries.get(code);
  if (!country) {
    const known = [...project.countries.keys()].join(", ") || "none";
    throw new ScheduleError(
      "schedule-invalid-calendar",
      `--country ${code}`,
      "not a country of countries.yml",
      `Use one of: ${known}.`,
    );
  }
  return [country];
}

/** Builds a country's calendar from its countries.yml entry. */
export function calendarOfCountry(country: Country): CountryCalendar {
  const where = `countries.${country.code}`;
  if (country.calendar === undefined || country.holidays === undefined) {
    throw new ScheduleError(
      "schedule-invalid-calendar",
      where,
      "has no calendar: or holidays: section",
      "Add both to countries.yml; src/schedule/README.md shows an example.",
    );
  }
  return resolveCountryCalendar({
    code: country.code,
    time_zone: country.time_zone,
    holidays: country.holidays,
    calendar: calendarSchema.parse(country.calendar),
  });
}

/** Parses a country's SFTP settings and partner layout, with defaults applied. */
export function partnerOfCountry(country: Country): {
  sftp: SftpSettings;
  layout: PartnerLayout;
} {
  const partner = country.partner ?? {};
  if (partner.sftp === undefined || partner.layout === undefined) {
    throw new ExchangeError({
      code: "exchange-invalid-config",
      subject: `countries.${country.code}.partner`,
      message: "has no sftp: or layout: section",
      hint: "Add both to countries.yml; src/exchange/README.md shows an example.",
    });
  }
  return {
    sftp: sftpSchema.parse(partner.sftp),
    layout: partnerLayoutSchema.parse(partner.layout),
  };
}
