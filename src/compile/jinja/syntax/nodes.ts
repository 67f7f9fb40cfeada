import {
  internals,
  type ListNode,
  type NodeClass,
  type SyntaxNode,
} from "./nunjucks-internals.ts";

// Syntax nodes this module adds. Each is registered on `nunjucks.nodes`
// because the Nunjucks transformer rebuilds a changed node through
// `new nodes[node.typename](...)`.

/** The base class of every node below; the compiler accepts it anywhere. */
export const JinjaNode = defineNode("JinjaNode", [], internals.nodes.Node);

/** `target[start:stop:step]`. */
export interface SliceNode extends SyntaxNode {
  target: SyntaxNode;
  start: SyntaxNode | null;
  stop: SyntaxNode | null;
  step: SyntaxNode | null;
}
export const SliceNodeClass = defineNode("JinjaSlice", [
  "target",
  "start",
  "stop",
  "step",
]) as NodeClass<SliceNode>;

/** A node wrapping one expression: the wrapper decides how to compile it. */
export interface WrapperNode extends SyntaxNode {
  value: SyntaxNode;
}

/** A tuple: `(a, b)`, `(a,)` or `()`. Stock Nunjucks has only groups. */
export const TupleNode = defineNode(
  "JinjaTuple",
  [],
  internals.nodes.Group,
) as NodeClass<ListNode>;

/** An expression used as a condition, tested with Python truthiness. */
export const TruthyNode = defineNode("JinjaTruthy", [
  "value",
]) as NodeClass<WrapperNode>;

/** An expression written to the output, converted like Python `str()`. */
export const OutputValueNode = defineNode("JinjaOutputValue", [
  "value",
]) as NodeClass<WrapperNode>;

/** The body of a `for` loop, run in a fresh scope on every iteration. */
export const IterationScopeNode = defineNode("JinjaIterationScope", [
  "value",
]) as NodeClass<WrapperNode>;

function defineNode(
  name: string,
  fields: readonly string[],
  base?: NodeClass,
): NodeClass {
  const nodes = internals.nodes;
  const existing = nodes[name];
  if (existing) return existing as NodeClass;

  const parent = base ?? JinjaNode;
  const nodeClass = parent.extend(name, fields.length > 0 ? { fields } : {});
  nodes[name] = nodeClass;
  return nodeClass;
}
