import { helperCall } from "./syntax/emit.ts";
import { overrideCompileMethod } from "./syntax/jinja-mode.ts";

// dbt's return(): `{% do return([1, 2]) %}` ends the macro and makes the
// call evaluate to that value instead of the rendered text. It works like
// dbt's: return() throws, and every compiled macro catches the throw.

const MACRO_RETURN = Symbol.for("strata.jinja.macro-return");

/** The signal return() throws; the enclosing macro call catches it. */
export class MacroReturn extends Error {
  constructor(readonly value: unknown) {
    super("return() was called outside a macro");
    this.name = "MacroReturn";
    Object.defineProperty(this, MACRO_RETURN, { value: true });
  }
}

/** Ends the enclosing macro with `value`; this is the `return` global. */
export function returnFromMacro(value: unknown = null): never {
  throw new MacroReturn(value);
}

/** Returns the value of a return() signal, or rethrows any other error. */
export function catchMacroReturn(error: unknown): unknown {
  if (typeof error === "object" && error !== null && MACRO_RETURN in error) {
    return (error as unknown as MacroReturn).value;
  }
  throw error;
}

// The lines Nunjucks 3.2.4 emits around a macro body, and where the
// try/catch goes. The catch restores the caller's frame as the normal
// exit does.
const BODY_START = "var callerFrame = frame;\n";
const MACRO_END = "});\n";
const CATCH = [
  "} catch (e) {",
  "frame = callerFrame;",
  `return ${helperCall("catchMacroReturn")}e);`,
  "}",
  "",
].join("\n");

/** Wraps every macro body compiled in Jinja mode in the return() catch. */
export function installMacroReturn(): void {
  overrideCompileMethod("_compileMacro", function (original, node, frame) {
    const start = this.codebuf.length;
    const macroId = original.call(this, node, frame);

    const code = this.codebuf;
    const bodyStart = code.indexOf(BODY_START, start);
    const macroEnd = code.lastIndexOf(MACRO_END);
    if (bodyStart < 0 || macroEnd < bodyStart) {
      throw new Error(
        "nunjucks generated unexpected macro code; return() needs nunjucks 3.2.4",
      );
    }
    code.splice(macroEnd, 0, CATCH);
    code.splice(bodyStart + 1, 0, "try {\n");
    return macroId;
  });
}
