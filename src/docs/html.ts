/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * Serialises a value as JSON that is safe inside a `<script>` element:
 * `<` is escaped, so no string in the data can close the element.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

/** Formats milliseconds as seconds with two decimals, such as `1.25s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

/** Attribute values of an element; undefined leaves the attribute out. */
export type Attributes = Readonly<
  Record<string, string | number | boolean | undefined>
>;

/**
 * Renders an HTML or SVG element. Attribute values are escaped; the
 * children are markup already, so text must go through `escapeHtml`.
 * Every element gets a closing tag, which both HTML and SVG accept for the
 * elements the docs page uses.
 */
export function element(
  name: string,
  attributes: Attributes = {},
  ...children: readonly string[]
): string {
  const attributeText = Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([key, value]) =>
      value === true ? ` ${key}` : ` ${key}="${escapeHtml(String(value))}"`,
    )
    .join("");
  return `<${name}${attributeText}>${children.join("")}</${name}>`;
}

/** Renders a table with a header row and the given body rows. */
export function table(
  headers: readonly string[],
  rows: readonly string[],
  attributes: Attributes = {},
): string {
  const head = element(
    "tr",
    {},
    ...headers.map((h) => element("th", {}, escapeHtml(h))),
  );
  return element(
    "table",
    attributes,
    element("thead", {}, head),
    element("tbody", {}, ...rows),
  );
}
