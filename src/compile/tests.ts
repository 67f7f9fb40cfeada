import type { Diagnostic } from "../errors/index.ts";
import type { Project, TestDefinition } from "../project/index.ts";
import { hintForName } from "./globals.ts";
import { resolveRefs } from "./ephemeral.ts";
import { newScope, refPlaceholder, type RenderScope } from "./render-scope.ts";
import type { GraphNode, TestNode } from "./types.ts";
import { dependencies } from "./compile-project.ts";

/** Renders templates and calls macros inside a render scope. */
export interface Renderer {
  render(scope: RenderScope, template: string): string | undefined;
  callMacro(
    scope: RenderScope,
    name: string,
    args: readonly unknown[],
  ): string | undefined;
  hasMacro(name: string): boolean;
}

const refArgument = /^\s*(ref|source)\s*\(.*\)\s*$/s;

/**
 * Compiles the generic tests declared in property files and sources.yml,
 * and the singular tests of tests/data, into test nodes.
 */
export function compileTests(
  project: Project,
  nodes: ReadonlyMap<string, GraphNode>,
  renderer: Renderer,
  relationOf: (name: string) => string,
  diagnostics: Diagnostic[],
): TestNode[] {
  const tests: TestNode[] = [];
  const usedNames = new Set<string>();
  const uniqueName = (base: string): string => {
    let name = base.replace(/[^A-Za-z0-9_]+/g, "_");
    for (let i = 2; usedNames.has(name); i++) name = `${base}_${i}`;
    usedNames.add(name);
    return name;
  };
  const finish = (sql: string): string =>
    resolveRefs(sql, relationOf, () => undefined);

  for (const node of nodes.values()) {
    const definitions = testsOf(project, node);
    for (const definition of definitions) {
      const name = uniqueName(
        [definition.testName, node.name, definition.column]
          .filter(Boolean)
          .join("_"),
      );
      const scope = newScope(name, definition.file, "");
      const subject =
        node.kind === "source"
          ? (scope.sources.add(`${node.sourceName}.${node.name}`),
            node.relation)
          : (scope.refs.add(node.name), refPlaceholder(node.name));
      const sql = callGenericTest(
        renderer,
        scope,
        definition,
        subject,
        diagnostics,
      );
      if (sql === undefined) continue;
      tests.push({
        kind: "test",
        id: `test.${name}`,
        name,
        path: definition.file,
        testName: definition.testName,
        attachedTo: node.id,
        column: definition.column,
        severity: definition.severity,
        storeFailures: definition.storeFailures,
        warnIf: definition.warnIf,
        errorIf: definition.errorIf,
        compiledSql: finish(sql),
        dependsOn: dependencies(project, scope),
      });
    }
  }

  for (const file of project.singularTests) {
    const name = uniqueName(file.name);
    const scope = newScope(name, file.path, "");
    const sql = renderer.render(scope, file.sql);
    if (sql === undefined) continue;
    tests.push({
      kind: "test",
      id: `test.${name}`,
      name,
      path: file.path,
      testName: "singular",
      severity: scope.config.severity === "warn" ? "warn" : "error",
      storeFailures: scope.config.store_failures === true,
      warnIf: stringOrUndefined(scope.config.warn_if),
      errorIf: stringOrUndefined(scope.config.error_if),
      compiledSql: finish(sql),
      dependsOn: dependencies(project, scope),
    });
  }
  return tests;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function testsOf(project: Project, node: GraphNode): readonly TestDefinition[] {
  if (node.kind === "model") {
    if (node.config.materialized === "ephemeral") return [];
    return project.modelProperties.get(node.name)?.tests ?? [];
  }
  if (node.kind === "seed")
    return project.seedProperties.get(node.name)?.tests ?? [];
  if (node.kind === "source") {
    return (
      project.sources.find(
        (t) => t.sourceName === node.sourceName && t.name === node.name,
      )?.tests ?? []
    );
  }
  return [];
}

function callGenericTest(
  renderer: Renderer,
  scope: RenderScope,
  definition: TestDefinition,
  subject: string,
  diagnostics: Diagnostic[],
): string | undefined {
  const macro = `test_${definition.testName}`;
  if (!renderer.hasMacro(macro)) {
    diagnostics.push({
      code: "unknown-test",
      message: `test ${definition.testName} is not defined`,
      file: definition.file,
      line: definition.line,
      hint: `Use not_null, unique, accepted_values or relationships, or define a macro named ${macro} in macros/. ${hintForName(definition.testName, ["not_null", "unique", "accepted_values", "relationships"])}`,
    });
    return undefined;
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(definition.args)) {
    args[key] =
      typeof value === "string" && refArgument.test(value)
        ? renderer.render(scope, `{{ ${value} }}`)
        : value;
  }
  const model = definition.where
    ? `(select * from ${subject} where ${definition.where})`
    : subject;
  const keywords: Record<string, unknown> = { ...args, __keywords: true };
  if (definition.column !== undefined) keywords.column_name = definition.column;
  return renderer.callMacro(scope, macro, [model, keywords]);
}
