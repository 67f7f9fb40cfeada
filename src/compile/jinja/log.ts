import { CallArguments } from "./python/call-arguments.ts";
import { truthy } from "./python/operators.ts";
import { pythonStr } from "./python/str.ts";

/** A message from `log()` or `exceptions.warn()` in a template. */
export interface JinjaLogEvent {
  /** `debug` for `log(msg)`, `info` for `log(msg, info=True)`. */
  level: "debug" | "info" | "warn";
  message: string;
}

/** Creates the `log(msg, info=False)` global, which writes no output. */
export function createLog(onLog: (event: JinjaLogEvent) => void) {
  return function log(...args: unknown[]): string {
    const call = new CallArguments(args);
    const message = pythonStr(call.get(0, "msg", ""));
    const info = truthy(call.get(1, "info", false));
    onLog({ level: info ? "info" : "debug", message });
    return "";
  };
}
