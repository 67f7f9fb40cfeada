import type { PartnerLayout } from "./layout.ts";

type NumberLayout = Pick<PartnerLayout, "decimal" | "thousands">;

/**
 * Parses a partner number: strips the suffix (" €", " km"), the thousands
 * separator and reads the decimal separator. Returns undefined when the
 * text is not a number in this layout, for example "24847,50" in a layout
 * whose decimal separator is ".".
 */
export function parsePartnerNumber(
  text: string,
  layout: NumberLayout,
  suffix: string,
): number | undefined {
  let body = text.trim();
  if (suffix.trim() !== "" && body.endsWith(suffix.trim())) {
    body = body.slice(0, -suffix.trim().length).trimEnd();
  }
  if (layout.thousands !== "") body = body.replaceAll(layout.thousands, "");
  const decimal = layout.decimal === "," ? "," : "\\.";
  const pattern = new RegExp(`^-?\\d+(${decimal}\\d+)?$`);
  if (!pattern.test(body)) return undefined;
  return Number(body.replace(",", "."));
}

/** Formats a number with the layout's decimal separator, no thousands. */
export function formatPartnerNumber(
  value: number,
  layout: NumberLayout,
): string {
  const text = String(value);
  return layout.decimal === "," ? text.replace(".", ",") : text;
}

function datePattern(format: string): RegExp {
  const escaped = format.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const source = escaped
    .replace("%d", "(?<day>\\d{2})")
    .replace("%m", "(?<month>\\d{2})")
    .replace("%Y", "(?<year>\\d{4})");
  return new RegExp(`^${source}$`);
}

/**
 * Parses a date in the layout's strftime format (`%d`, `%m`, `%Y`) to
 * `YYYY-MM-DD`. Returns undefined for text in another format or a day that
 * does not exist, such as 31.04.2027.
 */
export function parsePartnerDate(
  text: string,
  format: string,
): string | undefined {
  const groups = datePattern(format).exec(text.trim())?.groups;
  if (!groups) return undefined;
  const year = Number(groups.year);
  const month = Number(groups.month);
  const day = Number(groups.day);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return `${groups.year}-${groups.month}-${groups.day}`;
}

/** Formats a `YYYY-MM-DD` date in the layout's strftime format. */
export function formatPartnerDate(isoDate: string, format: string): string {
  const [year, month, day] = isoDate.split("-");
  return format.replace("%d", day!).replace("%m", month!).replace("%Y", year!);
}
