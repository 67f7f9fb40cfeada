import type nunjucks from "nunjucks";
import type { Parser, SyntaxNode } from "./syntax/nunjucks-internals.ts";
import { internals } from "./syntax/nunjucks-internals.ts";

/**
 * The `{% do expression %}` tag: evaluates the expression for its effect
 * and writes nothing, as in `{% do columns.append('id') %}`.
 */
export class DoExtension implements nunjucks.Extension {
  readonly tags = ["do"];

  parse(parser: Parser): SyntaxNode {
    const tag = parser.nextToken();
    const expression = parser.parseExpression();
    parser.advanceAfterBlockEnd(tag.value);

    const nodes = internals.nodes;
    const args = new nodes.NodeList(tag.lineno, tag.colno, [expression]);
    return new nodes.CallExtension(this, "run", args);
  }

  /** Receives the evaluated expression, discards it and writes nothing. */
  run(): string {
    return "";
  }
}
