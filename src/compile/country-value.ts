import type { Country } from "../project/index.ts";

/**
 * The `country` template variable: a string object, so `{{ country }}`
 * renders the code and `country == 'fr'` holds, carrying every setting of
 * the countries.yml entry as attributes (`country.params.min_margin_eur`).
 */
export function countryValue(country: Country): string {
  const value = new String(country.code);
  return Object.assign(value, country) as unknown as string;
}
