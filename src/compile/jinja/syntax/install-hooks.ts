import { installLoopScope } from "../loop-scope.ts";
import { installNamespaceAssignment } from "../namespace.ts";
import { installMacroReturn } from "../return.ts";
import { installAggregateSyntax } from "./aggregate-syntax.ts";
import { installExpressionHooks } from "./expression-hooks.ts";
import { installOnce } from "./jinja-mode.ts";
import { installRuntimeHelpers } from "./runtime-helpers.ts";
import { installSliceSyntax } from "./slice-syntax.ts";

/** Installs every parser and compiler hook, once per loaded Nunjucks. */
export function installHooks(): void {
  installOnce(() => {
    installRuntimeHelpers();
    installExpressionHooks();
    installSliceSyntax();
    installAggregateSyntax();
    installNamespaceAssignment();
    installLoopScope();
    installMacroReturn();
  });
}
