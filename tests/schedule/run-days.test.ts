import { describe, expect, it } from "vitest";
import {
  BusinessCalendar,
  quarterDates,
  resolveCountryCalendar,
  runTimeClashes,
  ScheduleError,
} from "../../src/schedule/index.ts";
import { calendarOf, COUNTRY_CALENDARS } from "./fixtures.ts";

/** Run day / partner due day / dealer offer day of each quarter. */
const EXPECTED: Record<string, Record<number, string[]>> = {
  fr: {
    2026: [
      "2026-01-06/2026-01-02/2026-01-13",
      "2026-04-03/2026-04-01/2026-04-13",
      "2026-07-03/2026-07-01/2026-07-10",
      "2026-10-05/2026-10-01/2026-10-12",
    ],
    2027: [
      "2027-01-06/2027-01-04/2027-01-13",
      "2027-04-05/2027-04-01/2027-04-12",
      "2027-07-05/2027-07-01/2027-07-12",
      "2027-10-05/2027-10-01/2027-10-12",
    ],
    2028: [
      "2028-01-05/2028-01-03/2028-01-12",
      "2028-04-05/2028-04-03/2028-04-12",
      "2028-07-05/2028-07-03/2028-07-12",
      "2028-10-04/2028-10-02/2028-10-11",
    ],
  },
  de: {
    2026: [
      "2026-01-07/2026-01-02/2026-01-16",
      "2026-04-08/2026-04-01/2026-04-17",
      "2026-07-06/2026-07-01/2026-07-15",
      "2026-10-06/2026-10-01/2026-10-15",
    ],
    2027: [
      "2027-01-07/2027-01-04/2027-01-18",
      "2027-04-06/2027-04-01/2027-04-15",
      "2027-07-06/2027-07-01/2027-07-15",
      "2027-10-06/2027-10-01/2027-10-15",
    ],
    2028: [
      "2028-01-06/2028-01-03/2028-01-17",
      "2028-04-06/2028-04-03/2028-04-19",
      "2028-07-06/2028-07-03/2028-07-17",
      "2028-10-06/2028-10-02/2028-10-17",
    ],
  },
  es: {
    2026: [
      "2026-01-05/2025-12-31/2026-01-15",
      "2026-04-06/2026-03-31/2026-04-15",
      "2026-07-02/2026-06-30/2026-07-15",
      "2026-10-02/2026-09-30/2026-10-15",
    ],
    2027: [
      "2027-01-05/2026-12-31/2027-01-15",
      "2027-04-02/2027-03-31/2027-04-15",
      "2027-07-02/2027-06-30/2027-07-15",
      "2027-10-04/2027-09-30/2027-10-15",
    ],
    2028: [
      "2028-01-04/2027-12-31/2028-01-17",
      "2028-04-04/2028-03-31/2028-04-17",
      "2028-07-04/2028-06-30/2028-07-17",
      "2028-10-03/2028-09-29/2028-10-16",
    ],
  },
};

describe("quarter dates 2026-2028", () => {
  for (const code of ["fr", "de", "es"] as const) {
    for (const year of [2026, 2027, 2028]) {
      it(`${code} ${year}`, () => {
        const dates = quarterDates(calendarOf(code), year).map(
          (q) => `${q.run}/${q.partnerDue}/${q.dealerOffers}`,
        );
        expect(dates).toEqual(EXPECTED[code]![year]);
      });
    }
  }

  it("labels quarters and reference dates", () => {
    const [first] = quarterDates(calendarOf("es"), 2027);
    expect(first!.quarter).toBe("2027-Q1");
    expect(first!.referenceDate).toBe("2027-01-01");
  });
});

describe("Easter Monday", () => {
  it("moves French dealer offers in 2026", () => {
    // Run on Fri 3 Apr; Mon 6 Apr is Easter Monday, so +5 ends on the 13th.
    const fr = calendarOf("fr");
    expect(fr.business.isBusinessDay("2026-04-06")).toBe(false);
    expect(quarterDates(fr, 2026)[1]!.dealerOffers).toBe("2026-04-13");
  });

  it("moves the German run day in 2026", () => {
    // Good Friday 3 Apr and Easter Monday 6 Apr: the 4th is Wed 8 Apr.
    const de = calendarOf("de");
    expect(de.business.isBusinessDay("2026-04-03")).toBe(false);
    expect(de.business.isBusinessDay("2026-04-06")).toBe(false);
    expect(quarterDates(de, 2026)[1]!.run).toBe("2026-04-08");
  });

  it("moves German dealer offers in 2028", () => {
    const de = calendarOf("de");
    expect(de.business.isBusinessDay("2028-04-17")).toBe(false);
    expect(quarterDates(de, 2028)[1]!.dealerOffers).toBe("2028-04-19");
  });

  it("is a working day in Madrid", () => {
    const es = calendarOf("es");
    for (const date of ["2026-04-06", "2027-03-29", "2028-04-17"]) {
      expect(es.business.isBusinessDay(date)).toBe(true);
    }
    expect(quarterDates(es, 2028)[1]!.dealerOffers).toBe("2028-04-17");
  });
});

describe("regional holidays", () => {
  it("Maundy Thursday in Madrid moves the Spanish run", () => {
    const madrid = new BusinessCalendar({ country: "ES", region: "MD" });
    const national = new BusinessCalendar({ country: "ES" });
    expect(madrid.isBusinessDay("2026-04-02")).toBe(false);
    expect(national.isBusinessDay("2026-04-02")).toBe(true);
    expect(quarterDates(calendarOf("es"), 2026)[1]!.run).toBe("2026-04-06");
  });

  it("Madrid's own day is a holiday", () => {
    const madrid = new BusinessCalendar({ country: "ES", region: "MD" });
    expect(madrid.isBusinessDay("2026-05-01")).toBe(false);
    // 2 May 2027 is a Sunday, so Madrid takes Monday 3 May off.
    expect(madrid.isBusinessDay("2027-05-03")).toBe(false);
  });

  it("Corpus Christi in Hesse but not in Berlin", () => {
    const hesse = new BusinessCalendar({ country: "DE", region: "HE" });
    const berlin = new BusinessCalendar({ country: "DE", region: "BE" });
    for (const date of ["2026-06-04", "2027-05-27", "2028-06-15"]) {
      expect(hesse.isBusinessDay(date)).toBe(false);
      expect(berlin.isBusinessDay(date)).toBe(true);
    }
  });

  it("Epiphany in Bavaria moves a January run", () => {
    const bavaria = resolveCountryCalendar({
      ...COUNTRY_CALENDARS.de,
      holidays: { country: "DE", region: "BY" },
    });
    expect(quarterDates(bavaria, 2027)[0]!.run).toBe("2027-01-08");
    expect(quarterDates(calendarOf("de"), 2027)[0]!.run).toBe("2027-01-07");
  });

  it("German Unity Day moves the October 2028 run", () => {
    const de = calendarOf("de");
    expect(de.business.isBusinessDay("2028-10-03")).toBe(false);
    expect(quarterDates(de, 2028)[3]!.run).toBe("2028-10-06");
  });

  it("ignores observances and bank holidays", () => {
    const hesse = new BusinessCalendar({ country: "DE", region: "HE" });
    // Christmas Eve 2027 is a Friday, listed as a bank holiday only.
    expect(hesse.isBusinessDay("2027-12-24")).toBe(true);
  });
});

describe("run time and daylight saving", () => {
  const changes: Record<number, string[]> = {
    2026: ["2026-03-29", "2026-10-25"],
    2027: ["2027-03-28", "2027-10-31"],
    2028: ["2028-03-26", "2028-10-29"],
  };

  for (const code of ["fr", "de", "es"] as const) {
    it(`${code} run time occurs once every day`, () => {
      for (const year of [2026, 2027, 2028]) {
        expect(runTimeClashes(calendarOf(code), year)).toEqual([]);
      }
    });
  }

  it("02:30 is skipped in March and repeated in October", () => {
    const calendar = { ...calendarOf("fr"), runTime: "02:30" };
    for (const year of [2026, 2027, 2028]) {
      const [spring, autumn] = changes[year]!;
      expect(runTimeClashes(calendar, year)).toEqual([
        { date: spring, occurrences: 0 },
        { date: autumn, occurrences: 2 },
      ]);
    }
  });
});

describe("calendar errors", () => {
  function scheduleError(run: () => unknown): ScheduleError {
    try {
      run();
    } catch (error) {
      if (error instanceof ScheduleError) return error;
      throw error;
    }
    throw new Error("expected a ScheduleError");
  }

  it("names an unknown holiday region and the known ones", () => {
    const error = scheduleError(() =>
      resolveCountryCalendar({
        ...COUNTRY_CALENDARS.fr,
        holidays: { country: "FR", region: "IDF" },
      }),
    );
    expect(error.code).toBe("schedule-invalid-calendar");
    expect(error.message).toBe(
      'holidays: { country: FR, region: IDF }: unknown holiday region "IDF" for FR',
    );
    expect(error.hint).toContain("57, 67, 68");
    expect(error.hint).toContain("leave the region out");
  });

  it("names an unknown time zone", () => {
    const error = scheduleError(() =>
      resolveCountryCalendar({
        ...COUNTRY_CALENDARS.fr,
        time_zone: "Europe/Pariss",
      }),
    );
    expect(error.message).toBe(
      'countries.fr.time_zone: unknown time zone "Europe/Pariss"',
    );
  });

  it("reports a month without the nth business day", () => {
    const calendar = resolveCountryCalendar({
      ...COUNTRY_CALENDARS.fr,
      calendar: {
        ...COUNTRY_CALENDARS.fr.calendar,
        run_day: "21st business day of Feb, May, Aug, Nov",
      },
    });
    const error = scheduleError(() => quarterDates(calendar, 2027));
    expect(error.code).toBe("schedule-rule-no-date");
    expect(error.message).toContain(
      "2027-02 has only 20 business days, so it has no business day number 21",
    );
  });

  it("reports a run day outside its quarter", () => {
    const calendar = resolveCountryCalendar({
      ...COUNTRY_CALENDARS.fr,
      calendar: {
        ...COUNTRY_CALENDARS.fr.calendar,
        run_day: "last business day of Mar, Jun, Sep, Dec + 1 business day",
      },
    });
    const error = scheduleError(() => quarterDates(calendar, 2027));
    expect(error.message).toBe(
      'countries.fr.calendar.run_day: "last business day of Mar, Jun, Sep, ' +
        'Dec + 1 business day" gives 2027-04-01 as the run day of 2027-Q1',
    );
  });
});
