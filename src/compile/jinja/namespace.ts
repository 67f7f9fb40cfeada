import { CallArguments } from "./python/call-arguments.ts";
import { pythonRepr } from "./python/str.ts";
import { isMapping } from "./python/values.ts";
import { helperCall } from "./syntax/emit.ts";
import { overrideCompileMethod } from "./syntax/jinja-mode.ts";
import {
  internals,
  type LookupValNode,
  type SetNode,
} from "./syntax/nunjucks-internals.ts";

// Jinja's namespace(): the one object whose attributes `{% set ns.a = 1 %}`
// may assign, so that a value set inside a loop survives the loop.

const NAMESPACE = Symbol.for("strata.jinja.namespace");

/** An object created by `namespace()`; its attributes are assignable. */
export class Namespace {
  readonly pythonTypeName = "Namespace";

  constructor(attributes: Record<string, unknown>) {
    Object.defineProperty(this, NAMESPACE, { value: true });
    Object.defineProperty(this, "pythonTypeName", { enumerable: false });
    Object.assign(this, attributes);
  }

  __repr__(): string {
    const items = Object.entries(this).map(
      ([key, value]) => `${pythonRepr(key)}: ${pythonRepr(value)}`,
    );
    return `<Namespace {${items.join(", ")}}>`;
  }
}

/** Creates a namespace; this is the `namespace(mapping?, **attributes)` global. */
export function createNamespace(...args: unknown[]): Namespace {
  const call = new CallArguments(args);
  const initial = call.positional[0];
  return new Namespace({
    ...(isMapping(initial) ? initial : {}),
    ...call.keywordsExcept(),
  });
}

function isNamespace(value: unknown): boolean {
  return typeof value === "object" && value !== null && NAMESPACE in value;
}

/** Runs `{% set target.name = value %}`; only a namespace accepts it. */
export function setAttribute(
  target: unknown,
  name: unknown,
  value: unknown,
): void {
  if (!isNamespace(target)) {
    const error = new Error("cannot assign attribute on non-namespace object");
    error.name = "TemplateRuntimeError";
    throw error;
  }
  (target as Record<string, unknown>)[String(name)] = value;
}

/** Compiles `{% set ns.a = ... %}`, which stock Nunjucks fails on. */
export function installNamespaceAssignment(): void {
  overrideCompileMethod<SetNode>(
    "compileSet",
    function (original, node, frame) {
      const [target] = node.targets;
      if (!(target instanceof internals.nodes.LookupVal)) {
        return original.call(this, node, frame);
      }
      if (node.targets.length > 1) {
        this.fail(
          "set: a namespace attribute must be the only assignment target",
          node.lineno,
          node.colno,
        );
      }

      const attribute = target as LookupValNode;
      this._emit(helperCall("setAttribute"));
      this._compileExpression(attribute.target, frame);
      this._emit(", ");
      this._compileExpression(attribute.val, frame);
      this._emit(", ");
      if (node.value) this._compileExpression(node.value, frame);
      else if (node.body) this.compile(node.body, frame);
      this._emitLine(");");
      return undefined;
    },
  );
}
