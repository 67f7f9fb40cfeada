import { helperCall } from "./emit.ts";
import type { HelperName } from "./runtime-helpers.ts";
import {
  addCompileMethod,
  overrideCompileMethod,
  type CompileOverride,
} from "./jinja-mode.ts";
import {
  JinjaNode,
  OutputValueNode,
  TruthyNode,
  type SliceNode,
  type WrapperNode,
} from "./nodes.ts";
import {
  internals,
  type BinaryNode,
  type CompareNode,
  type CompileFrame,
  type Compiler,
  type ConditionalNode,
  type FunCallNode,
  type ListNode,
  type LookupValNode,
  type SyntaxNode,
  type UnaryNode,
} from "./nunjucks-internals.ts";

// Compiles expressions with Python semantics in Jinja mode: operators,
// truthiness, comparisons, lookups, tuples and the text `{{ }}` writes.

function emitHelper(
  compiler: Compiler,
  name: HelperName,
  frame: CompileFrame,
  operands: readonly (SyntaxNode | null)[],
): void {
  compiler._emit(helperCall(name));
  operands.forEach((operand, index) => {
    if (index > 0) compiler._emit(", ");
    if (operand) compiler.compile(operand, frame);
    else compiler._emit("null");
  });
  compiler._emit(")");
}

function binary(name: HelperName): CompileOverride<BinaryNode> {
  return function (_original, node, frame) {
    emitHelper(this, name, frame, [node.left, node.right]);
  };
}

// `a or b` returns an operand, as in Python; the right side stays lazy.
function shortCircuit(name: "and" | "or"): CompileOverride<BinaryNode> {
  return function (_original, node, frame) {
    this._emit(helperCall(name));
    this.compile(node.left, frame);
    this._emit(", function () { return ");
    this.compile(node.right, frame);
    this._emit("; })");
  };
}

/** Wraps `node[field]` in a node of `wrapper` while `compile` runs. */
function withWrapped<N extends SyntaxNode, K extends keyof N>(
  node: N,
  field: K,
  wrapper: typeof TruthyNode,
  compile: () => unknown,
): unknown {
  const inner = node[field] as SyntaxNode;
  node[field] = new wrapper(inner.lineno, inner.colno, inner) as N[K];
  try {
    return compile();
  } finally {
    node[field] = inner as N[K];
  }
}

function conditional(): CompileOverride<ConditionalNode> {
  return function (original, node, frame, ...rest) {
    return withWrapped(node, "cond", TruthyNode, () =>
      original.call(this, node, frame, ...rest),
    );
  };
}

// The LookupVal nodes being called: `x.name(...)` resolves Python methods.
const methodCallees = new WeakSet<SyntaxNode>();

// Stock Nunjucks pastes the callee's source text, for error messages, into
// a JavaScript string literal escaping only quotes, so `",\n".join(x)`
// compiled to invalid JavaScript. The outermost call escapes the rest.
let namingDepth = 0;

function escapeForJsString(text: string): string {
  return text
    .replace(/\\/gu, "\\\\")
    .replace(/\n/gu, "\\n")
    .replace(/\r/gu, "\\r")
    .replace(/\u2028/gu, "\\u2028")
    .replace(/\u2029/gu, "\\u2029");
}

function installLookups(): void {
  overrideCompileMethod<FunCallNode>(
    "compileFunCall",
    function (original, node, frame) {
      if (node.name instanceof internals.nodes.LookupVal) {
        methodCallees.add(node.name);
      }
      return original.call(this, node, frame);
    },
  );
  overrideCompileMethod("_getNodeName", function (original, node, frame) {
    namingDepth++;
    try {
      const name = String(original.call(this, node, frame));
      return namingDepth === 1 ? escapeForJsString(name) : name;
    } finally {
      namingDepth--;
    }
  });
  overrideCompileMethod<LookupValNode>(
    "compileLookupVal",
    function (_original, node, frame) {
      const name = methodCallees.has(node) ? "lookupMethod" : "lookupItem";
      emitHelper(this, name, frame, [node.target, node.val]);
    },
  );
  addCompileMethod<SliceNode>("JinjaSlice", function (node, frame) {
    emitHelper(this, "sliceItems", frame, [
      node.target,
      node.start,
      node.stop,
      node.step,
    ]);
  });
}

function installOperators(): void {
  overrideCompileMethod("compileAdd", binary("add"));
  overrideCompileMethod("compileSub", binary("subtract"));
  overrideCompileMethod("compileMul", binary("multiply"));
  overrideCompileMethod("compileMod", binary("modulo"));
  overrideCompileMethod("compileConcat", binary("concat"));
  overrideCompileMethod("compileAnd", shortCircuit("and"));
  overrideCompileMethod("compileOr", shortCircuit("or"));
  overrideCompileMethod<BinaryNode>(
    "compileIn",
    function (_original, node, frame) {
      emitHelper(this, "contains", frame, [node.right, node.left]);
    },
  );
  overrideCompileMethod<CompareNode>(
    "compileCompare",
    function (original, node, frame) {
      const [operation] = node.ops;
      const type = operation?.type;
      if (node.ops.length !== 1 || (type !== "==" && type !== "!=")) {
        return original.call(this, node, frame);
      }
      if (type === "!=") this._emit("!");
      emitHelper(this, "equals", frame, [node.expr, operation!.expr]);
      return undefined;
    },
  );
}

function installTruthiness(): void {
  overrideCompileMethod<UnaryNode>(
    "compileNot",
    function (_original, node, frame) {
      this._emit("!");
      emitHelper(this, "truthy", frame, [node.target]);
    },
  );
  overrideCompileMethod("compileIf", conditional());
  overrideCompileMethod("compileInlineIf", conditional());
  addCompileMethod<WrapperNode>("JinjaTruthy", function (node, frame) {
    emitHelper(this, "truthy", frame, [node.value]);
  });
}

function installValues(): void {
  // Stock Nunjucks has no tuples: it would compile `(a, b)` to
  // JavaScript's comma operator, which keeps only `b`.
  addCompileMethod<ListNode>("JinjaTuple", function (node, frame) {
    this._emit(`${helperCall("makeTuple")}[`);
    node.children.forEach((child, index) => {
      if (index > 0) this._emit(", ");
      this.compile(child, frame);
    });
    this._emit("])");
  });

  overrideCompileMethod<ListNode>(
    "compileOutput",
    function (original, node, frame) {
      const children = node.children;
      node.children = children.map((child) =>
        child instanceof internals.nodes.TemplateData
          ? child
          : new OutputValueNode(child.lineno, child.colno, child),
      );
      try {
        return original.call(this, node, frame);
      } finally {
        node.children = children;
      }
    },
  );
  addCompileMethod<WrapperNode>("JinjaOutputValue", function (node, frame) {
    emitHelper(this, "toOutput", frame, [node.value]);
  });

  // The expression check must accept the nodes this module adds. Its
  // arguments after the node are the accepted node classes, not a frame.
  overrideCompileMethod("assertType", function (original, node, ...types) {
    if (node instanceof JinjaNode) return undefined;
    return original.call(this, node, ...types);
  });
}

/** Installs the expression hooks; see jinja-mode.ts for when they apply. */
export function installExpressionHooks(): void {
  installLookups();
  installOperators();
  installTruthiness();
  installValues();
}
