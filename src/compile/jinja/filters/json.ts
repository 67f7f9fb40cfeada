import { CallArguments } from "../python/call-arguments.ts";
import { dumpJson } from "../python/json.ts";
import { internals } from "../syntax/nunjucks-internals.ts";

// Jinja's tojson escapes these characters so that the JSON is safe inside
// HTML, and templates here get the same text as under Jinja.
const HTML_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "'": "\\u0027",
};

/**
 * Serializes to JSON as Jinja's `tojson(indent=None)` does, with sorted keys,
 * Python's separators and HTML characters escaped, marked safe.
 */
export function tojsonFilter(value: unknown, ...args: unknown[]): unknown {
  const indent = new CallArguments(args).get(0, "indent", null);
  const json = dumpJson(value, {
    indent:
      typeof indent === "number" || typeof indent === "string" ? indent : null,
    sortKeys: true,
  });
  const escaped = json.replace(
    /[<>&']/gu,
    (char) => HTML_ESCAPES[char] ?? char,
  );
  return new internals.runtime.SafeString(escaped);
}
