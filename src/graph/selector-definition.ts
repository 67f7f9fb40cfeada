/**
 * A selector of selectors.yml, in dbt's YAML shape: a CLI-style string, a
 * method with its value and graph operators, or a union or intersection of
 * further definitions. Inside a union, `{ exclude: [...] }` removes nodes.
 */
export type SelectorDefinition =
  | string
  | MethodDefinition
  | { readonly union: readonly SelectorDefinition[] }
  | { readonly intersection: readonly SelectorDefinition[] }
  | { readonly exclude: readonly SelectorDefinition[] };

/** `{ method: tag, value: nightly, parents: true }` and its shorthand. */
export interface MethodDefinition {
  readonly method: string;
  readonly value: string;
  readonly parents?: boolean;
  readonly children?: boolean;
  readonly parents_depth?: number;
  readonly children_depth?: number;
  readonly childrens_parents?: boolean;
}

/** A named selector of selectors.yml. */
export interface NamedSelector {
  readonly name: string;
  readonly description?: string;
  readonly definition: SelectorDefinition;
  /** Used when a command gets neither --select nor --selector. */
  readonly default?: boolean;
  readonly file: string;
}

/** Turns a method definition into the CLI syntax `selectPart` parses. */
export function methodToText(definition: MethodDefinition): string {
  const method =
    definition.method === "fqn" || definition.method === "name"
      ? definition.value
      : `${definition.method}:${definition.value}`;
  const up = definition.parents
    ? `${definition.parents_depth ?? ""}+`
    : definition.parents_depth !== undefined
      ? `${definition.parents_depth}+`
      : "";
  const down = definition.children
    ? `+${definition.children_depth ?? ""}`
    : definition.children_depth !== undefined
      ? `+${definition.children_depth}`
      : "";
  const at = definition.childrens_parents ? "@" : "";
  return at ? `@${method}` : `${up}${method}${down}`;
}
