import type { HelperName } from "./runtime-helpers.ts";

/** The runtime property that contains the helpers compiled templates call. */
export const RUNTIME_KEY = "strataJinja";

/** The JavaScript that opens a call to a helper from compiled templates. */
export function helperCall(name: HelperName): string {
  return `runtime.${RUNTIME_KEY}.${name}(`;
}
