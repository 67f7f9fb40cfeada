import { overrideParseMethod } from "./jinja-mode.ts";
import { SliceNodeClass } from "./nodes.ts";
import {
  internals,
  type Parser,
  type SyntaxNode,
} from "./nunjucks-internals.ts";

// Parses what follows a primary expression: calls `f(x)`, attributes `x.a`
// and subscripts `x[i]`, plus Python's slices `x[1:]`, `x[::-1]`, which
// stock Nunjucks rejects.

function parseSubscript(parser: Parser, target: SyntaxNode): SyntaxNode {
  const { TOKEN_RIGHT_BRACKET, TOKEN_COLON } = internals.lexer;
  const open = parser.nextToken();
  const bounds: (SyntaxNode | null)[] = [];
  let current: SyntaxNode | null = null;

  for (;;) {
    const token = parser.peekToken();
    if (token.type === TOKEN_RIGHT_BRACKET || token.type === TOKEN_COLON) {
      parser.nextToken();
      bounds.push(current);
      current = null;
      if (token.type === TOKEN_RIGHT_BRACKET) break;
      if (bounds.length > 2) {
        parser.fail("invalid slice: too many ':'", token.lineno, token.colno);
      }
    } else if (current === null) {
      current = parser.parseExpression();
    } else {
      parser.fail(
        "expected ':' or ']' in subscript",
        token.lineno,
        token.colno,
      );
    }
  }

  const [start = null, stop = null, step = null] = bounds;
  if (bounds.length > 1) {
    return new SliceNodeClass(
      open.lineno,
      open.colno,
      target,
      start,
      stop,
      step,
    );
  }
  if (start === null) parser.fail("invalid index", open.lineno, open.colno);
  return new internals.nodes.LookupVal(open.lineno, open.colno, target, start);
}

function parsePostfix(parser: Parser, primary: SyntaxNode): SyntaxNode {
  const { TOKEN_LEFT_PAREN, TOKEN_LEFT_BRACKET, TOKEN_OPERATOR, TOKEN_SYMBOL } =
    internals.lexer;
  const nodes = internals.nodes;
  let node = primary;

  for (;;) {
    const token = parser.peekToken() as ReturnType<Parser["peekToken"]> | null;
    if (token?.type === TOKEN_LEFT_PAREN) {
      const args = parser.parseSignature();
      node = new nodes.FunCall(token.lineno, token.colno, node, args);
    } else if (token?.type === TOKEN_LEFT_BRACKET) {
      node = parseSubscript(parser, node);
    } else if (token?.type === TOKEN_OPERATOR && token.value === ".") {
      parser.nextToken();
      const name = parser.nextToken();
      if (name.type !== TOKEN_SYMBOL) {
        parser.fail(
          `expected name as lookup value, got ${name.value}`,
          name.lineno,
          name.colno,
        );
      }
      const key = new nodes.Literal(name.lineno, name.colno, name.value);
      node = new nodes.LookupVal(token.lineno, token.colno, node, key);
    } else {
      return node;
    }
  }
}

/** Installs the subscript parser; see jinja-mode.ts for when it applies. */
export function installSliceSyntax(): void {
  overrideParseMethod<[SyntaxNode], SyntaxNode>(
    "parsePostfix",
    function (_original, node) {
      return parsePostfix(this, node);
    },
  );
}
