import nunjucks from "nunjucks";

// Typed views of the Nunjucks 3.2.4 internals this module hooks into. The
// package exports them (`nunjucks.compiler`, `nunjucks.parser`, ...) but
// @types/nunjucks does not describe them.

/** A node of the Nunjucks syntax tree. */
export interface SyntaxNode {
  readonly typename: string;
  readonly fields: readonly string[];
  lineno: number;
  colno: number;
  /** Every node of `type` below this one. */
  findAll<T extends SyntaxNode>(type: NodeClass<T>): T[];
}

/** A syntax node class, extensible the way Nunjucks defines its own. */
export interface NodeClass<T extends SyntaxNode = SyntaxNode> {
  new (lineno: number, colno: number, ...fields: unknown[]): T;
  extend(name: string, members: { fields?: readonly string[] }): NodeClass;
}

export interface ListNode extends SyntaxNode {
  children: SyntaxNode[];
  addChild(node: SyntaxNode): void;
}

export interface LookupValNode extends SyntaxNode {
  target: SyntaxNode;
  val: SyntaxNode;
}

export interface SymbolNode extends SyntaxNode {
  value: string;
}

export interface LiteralNode extends SyntaxNode {
  value: unknown;
}

export interface FunCallNode extends SyntaxNode {
  name: SyntaxNode;
  args: ListNode;
}

export interface BinaryNode extends SyntaxNode {
  left: SyntaxNode;
  right: SyntaxNode;
}

export interface UnaryNode extends SyntaxNode {
  target: SyntaxNode;
}

export interface CompareNode extends SyntaxNode {
  expr: SyntaxNode;
  ops: { type: string; expr: SyntaxNode }[];
}

export interface ConditionalNode extends SyntaxNode {
  cond: SyntaxNode;
}

export interface SetNode extends SyntaxNode {
  targets: SyntaxNode[];
  value: SyntaxNode | null;
  body: SyntaxNode | null;
}

export interface LoopNode extends SyntaxNode {
  body: SyntaxNode;
}

/** A compile-time scope: maps template names to JavaScript variables. */
export interface CompileFrame {
  /** The JavaScript variable of `name`, or null where it is shadowed. */
  lookup(name: string): string | null | undefined;
  set(name: string, id: string | null): void;
  push(isolateWrites?: boolean): CompileFrame;
}

/** A Nunjucks compiler instance, which appends JavaScript to `codebuf`. */
export interface Compiler {
  codebuf: string[];
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  compile(node: SyntaxNode, frame: CompileFrame): void;
  _compileExpression(node: SyntaxNode, frame: CompileFrame): void;
  fail(message: string, lineno?: number, colno?: number): never;
}

/** A lexer token. */
export interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

/** A Nunjucks parser instance, as extensions receive it. */
export interface Parser {
  peekToken(): Token;
  nextToken(): Token;
  skip(type: string): boolean;
  parsePrimary(): SyntaxNode;
  parseExpression(): SyntaxNode;
  parseSignature(tolerant?: boolean, noParens?: boolean): ListNode;
  advanceAfterBlockEnd(name?: string): Token;
  fail(message: string, lineno?: number, colno?: number): never;
}

type TemplateFunction = (this: TemplateContext, ...args: unknown[]) => unknown;

/** The `this` of a filter or test: the render context. */
export interface TemplateContext {
  env: {
    getFilter(name: string): TemplateFunction;
    getTest(name: string): TemplateFunction;
  };
}

interface NodeClasses {
  Node: NodeClass;
  NodeList: NodeClass<ListNode>;
  Group: NodeClass<ListNode>;
  Array: NodeClass<ListNode>;
  Dict: NodeClass<ListNode>;
  Pair: NodeClass;
  Literal: NodeClass<LiteralNode>;
  Symbol: NodeClass<SymbolNode>;
  LookupVal: NodeClass<LookupValNode>;
  FunCall: NodeClass<FunCallNode>;
  TemplateData: NodeClass<LiteralNode>;
  Set: NodeClass<SetNode>;
  CallExtension: new (
    extension: object,
    method: string,
    args: ListNode,
  ) => SyntaxNode;
  [name: string]: unknown;
}

/** A string the runtime must not escape again. */
export interface SafeStringValue {
  val: string;
  toString(): string;
}

interface Runtime {
  SafeString: new (value: string) => SafeStringValue;
  memberLookup(target: unknown, key: unknown): unknown;
  [name: string]: unknown;
}

interface Internals {
  compiler: {
    compile: (...args: unknown[]) => string;
    Compiler: { prototype: Record<string | symbol, unknown> };
  };
  parser: { Parser: { prototype: Record<string | symbol, unknown> } };
  nodes: NodeClasses;
  lexer: Record<`TOKEN_${string}`, string>;
  runtime: Runtime;
}

export const internals = nunjucks as unknown as Internals;
