import {
  addCompileMethod,
  overrideCompileMethod,
  type CompileOverride,
} from "./syntax/jinja-mode.ts";
import { IterationScopeNode, type WrapperNode } from "./syntax/nodes.ts";
import {
  internals,
  type LoopNode,
  type SyntaxNode,
} from "./syntax/nunjucks-internals.ts";

// Jinja scopes `{% set %}` inside a `for` body to one iteration: the outer
// variable keeps its value, and the next iteration starts from it again.
// Stock Nunjucks writes through to the outer variable. Each iteration now
// pushes a frame that isolates writes. Namespace attributes still change
// after the loop because `{% set ns.a %}` mutates the object itself.

function assignedNames(body: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const set of body.findAll(internals.nodes.Set)) {
    for (const target of set.targets) {
      if (target instanceof internals.nodes.Symbol) names.add(target.value);
    }
  }
  return names;
}

/** Installs loop scoping; see jinja-mode.ts for when it applies. */
export function installLoopScope(): void {
  const scopeBody: CompileOverride<LoopNode> = function (
    original,
    node,
    frame,
    ...rest
  ) {
    const body = node.body;
    node.body = new IterationScopeNode(body.lineno, body.colno, body);
    try {
      return original.call(this, node, frame, ...rest);
    } finally {
      node.body = body;
    }
  };
  for (const method of ["compileFor", "compileAsyncEach", "compileAsyncAll"]) {
    overrideCompileMethod<LoopNode>(method, scopeBody);
  }

  addCompileMethod<WrapperNode>("JinjaIterationScope", function (node, frame) {
    const scope = frame.push(true);
    for (const name of assignedNames(node.value)) {
      // A name bound to a JavaScript variable outside the loop (an outer
      // loop variable, a macro argument) would be overwritten in place.
      // Null makes the compiler use run-time frame lookups in this scope.
      if (frame.lookup(name)) scope.set(name, null);
    }

    this._emitLine("frame = frame.push(true);");
    this.compile(node.value, scope);
    this._emitLine("frame = frame.pop();");
  });
}
