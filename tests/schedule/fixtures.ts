import {
  resolveCountryCalendar,
  type CountryCalendar,
} from "../../src/schedule/index.ts";

/** The calendars of countries.yml, repeated here so tests pin them. */
export const COUNTRY_CALENDARS = {
  fr: {
    code: "fr",
    time_zone: "Europe/Paris",
    holidays: { country: "FR" },
    calendar: {
      run_day: "3rd business day of Jan, Apr, Jul, Oct",
      partner_due: "run - 2 business days",
      dealer_offers: "run + 5 business days",
      run_time: "06:30",
    },
  },
  de: {
    code: "de",
    time_zone: "Europe/Berlin",
    holidays: { country: "DE", region: "HE" },
    calendar: {
      run_day: "4th business day of Jan, Apr, Jul, Oct",
      partner_due: "run - 3 business days",
      dealer_offers: "run + 7 business days",
      run_time: "06:00",
    },
  },
  es: {
    code: "es",
    time_zone: "Europe/Madrid",
    holidays: { country: "ES", region: "MD" },
    calendar: {
      run_day: "2nd business day of Jan, Apr, Jul, Oct",
      partner_due: "last business day before day 1 of Jan, Apr, Jul, Oct",
      dealer_offers: "business day on or after day 15 of Jan, Apr, Jul, Oct",
      run_time: "07:00",
    },
  },
} as const;

export function calendarOf(
  code: keyof typeof COUNTRY_CALENDARS,
): CountryCalendar {
  return resolveCountryCalendar(COUNTRY_CALENDARS[code]);
}
