import { overrideParseMethod } from "./jinja-mode.ts";
import { TupleNode } from "./nodes.ts";
import {
  internals,
  type ListNode,
  type Parser,
  type SyntaxNode,
  type Token,
} from "./nunjucks-internals.ts";

// Parses list, dict and parenthesised literals as Python does: a trailing
// comma is allowed (`['a', 'b',]`), and `(a, b)`, `(a,)` and `()` are
// tuples while `(a)` stays a group.

function isClosing(token: Token): boolean {
  const { TOKEN_RIGHT_PAREN, TOKEN_RIGHT_BRACKET, TOKEN_RIGHT_CURLY } =
    internals.lexer;
  return [TOKEN_RIGHT_PAREN, TOKEN_RIGHT_BRACKET, TOKEN_RIGHT_CURLY].includes(
    token.type,
  );
}

function createAggregate(open: Token): ListNode | null {
  const { TOKEN_LEFT_PAREN, TOKEN_LEFT_BRACKET, TOKEN_LEFT_CURLY } =
    internals.lexer;
  const nodes = internals.nodes;
  if (open.type === TOKEN_LEFT_PAREN)
    return new nodes.Group(open.lineno, open.colno);
  if (open.type === TOKEN_LEFT_BRACKET)
    return new nodes.Array(open.lineno, open.colno);
  if (open.type === TOKEN_LEFT_CURLY)
    return new nodes.Dict(open.lineno, open.colno);
  return null;
}

function parsePair(parser: Parser, open: Token): SyntaxNode {
  const key = parser.parsePrimary();
  if (!parser.skip(internals.lexer.TOKEN_COLON)) {
    parser.fail(
      "parseAggregate: expected colon after dict key",
      open.lineno,
      open.colno,
    );
  }
  const value = parser.parseExpression();
  return new internals.nodes.Pair(key.lineno, key.colno, key, value);
}

function parseAggregate(parser: Parser): SyntaxNode | null {
  const open = parser.nextToken();
  const node = createAggregate(open);
  if (!node) return null;

  const isDict = node instanceof internals.nodes.Dict;
  let trailingComma = false;
  while (!isClosing(parser.peekToken())) {
    if (node.children.length > 0) {
      if (!parser.skip(internals.lexer.TOKEN_COMMA)) {
        parser.fail(
          "parseAggregate: expected comma after expression",
          open.lineno,
          open.colno,
        );
      }
      trailingComma = isClosing(parser.peekToken());
      if (trailingComma) break;
    }
    node.addChild(isDict ? parsePair(parser, open) : parser.parseExpression());
  }
  parser.nextToken();

  const isGroup = node instanceof internals.nodes.Group;
  if (isGroup && (trailingComma || node.children.length !== 1)) {
    return new TupleNode(open.lineno, open.colno, node.children);
  }
  return node;
}

/** Installs the literal parser; see jinja-mode.ts for when it applies. */
export function installAggregateSyntax(): void {
  overrideParseMethod<[], SyntaxNode | null>("parseAggregate", function () {
    return parseAggregate(this);
  });
}
