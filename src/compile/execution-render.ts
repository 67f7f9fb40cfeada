import nunjucks from "nunjucks";
import { ProjectError, type Diagnostic } from "../errors/index.ts";
import type { Project } from "../project/index.ts";
import type { CompileOptions } from "./compile-project.ts";
import { schemaFor } from "./compile-project.ts";
import { countryValue } from "./country-value.ts";
import { resolveRefs } from "./ephemeral.ts";
import { createEnvironment } from "./environment.ts";
import { createGlobals, type CompileInputs } from "./globals.ts";
import type { ExecutionQueries } from "./query-globals.ts";
import type { QueryResult } from "./result-table.ts";
import { newScope, type RenderScope } from "./render-scope.ts";
import { templateDiagnostic } from "./template-error.ts";
import type { CompiledProject, ModelNode } from "./types.ts";

/**
 * Renders models again while they execute, with `execute` true and
 * `run_query` and `statement` running through the `ExecutionQueries` that
 * each call passes in. It uses the same globals and macros as
 * `compileProject`, and takes the relations and ephemeral SQL of the other
 * nodes from the compiled project. One instance serves every model of a
 * country. Renders must not overlap, which holds because rendering is
 * synchronous.
 */
export class ExecutionRenderer {
  private readonly state: {
    scope?: RenderScope;
    queries?: ExecutionQueries;
  } = {};
  private readonly env: nunjucks.Environment;
  private readonly templates = new Map<string, nunjucks.Template>();

  constructor(
    project: Project,
    private readonly options: CompileOptions,
    private readonly compiled: CompiledProject,
  ) {
    const sourceRelations = new Map<string, string>();
    for (const node of compiled.nodes.values()) {
      if (node.kind === "source") {
        sourceRelations.set(`${node.sourceName}.${node.name}`, node.relation);
      }
    }
    const country =
      options.country === null
        ? undefined
        : project.countries.get(options.country);
    const inputs: CompileInputs = {
      project,
      dialect: options.dialect,
      country: country ? countryValue(country) : null,
      vars: { ...project.settings.vars, ...options.vars },
      target: options.target,
      env: options.env ?? process.env,
      scope: () => this.state.scope,
      sourceRelations,
      incremental: options.incremental,
      execution: { run: (sql) => this.runQuery(sql) },
    };
    // Macro problems were reported by the compile that came first.
    this.env = createEnvironment(project.macros, createGlobals(inputs), []);
  }

  /**
   * Renders a model with its queries run through `queries`, and returns its
   * SQL with refs resolved. Raises a ProjectError for a template error,
   * including an error `queries.run` throws.
   */
  render(model: ModelNode, queries: ExecutionQueries): string {
    const scope = newScope(model.name, model.path, model.relation);
    let phase: "parse" | "render" = "parse";
    this.state.scope = scope;
    this.state.queries = queries;
    try {
      const template = this.templateOf(model);
      phase = "render";
      return this.resolve(template.render({}));
    } catch (error) {
      const diagnostic: Diagnostic = templateDiagnostic(
        error,
        model.path,
        phase,
        model.name,
        scope.raised,
      );
      throw new ProjectError([diagnostic]);
    } finally {
      this.state.scope = undefined;
      this.state.queries = undefined;
    }
  }

  private templateOf(model: ModelNode): nunjucks.Template {
    let template = this.templates.get(model.id);
    if (!template) {
      template = new nunjucks.Template(
        model.rawSql,
        this.env,
        model.path,
        true,
      );
      this.templates.set(model.id, template);
    }
    return template;
  }

  private runQuery(sql: string): QueryResult {
    if (!this.state.queries) {
      throw new Error("run_query was called outside a model's execution");
    }
    return this.state.queries.run(this.resolve(sql));
  }

  /** Replaces ref placeholders as the compile did for the same country. */
  private resolve(sql: string): string {
    const { nodes } = this.compiled;
    const schema = schemaFor(this.options.country);
    return resolveRefs(
      sql,
      (name) => {
        const node = nodes.get(`model.${name}`) ?? nodes.get(`seed.${name}`);
        return node?.kind === "model" || node?.kind === "seed"
          ? node.relation
          : this.options.dialect.relationName(schema, name);
      },
      (name) => {
        const node = nodes.get(`model.${name}`);
        return node?.kind === "model" &&
          node.config.materialized === "ephemeral"
          ? node.compiledSql
          : undefined;
      },
    );
  }
}
