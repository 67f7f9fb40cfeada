import { createHash } from "node:crypto";
import path from "node:path";
import nunjucks from "nunjucks";
import { ProjectError, type Diagnostic } from "../errors/index.ts";
import type { Country, Project } from "../project/index.ts";
import { resolveConfig } from "./config.ts";
import { countryValue } from "./country-value.ts";
import { resolveRefs } from "./ephemeral.ts";
import { createEnvironment, globalsOf, macroOf } from "./environment.ts";
import type { JinjaLogEvent } from "./jinja/index.ts";
import { createGlobals, type CompileInputs } from "./globals.ts";
import { hookTemplates } from "./hooks.ts";
import { isIncrementalModel, type IncrementalInputs } from "./incremental.ts";
import { newScope, type RenderScope } from "./render-scope.ts";
import { RenderCache, type RenderCacheStore } from "./render-cache.ts";
import { staticRenderer } from "./static-path.ts";
import { templateDiagnostic } from "./template-error.ts";
import { compileTests, type Renderer } from "./tests.ts";
import type {
  CompiledProject,
  Dialect,
  GraphNode,
  ModelNode,
  SeedNode,
  SourceNode,
} from "./types.ts";

/** Naming rules and run inputs that a compile needs besides the project. */
export interface CompileOptions {
  readonly dialect: Dialect;
  /** Renders kept from earlier compiles, read and updated in place. */
  readonly cache?: RenderCacheStore;
  readonly country: string | null;
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly target: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Existing data and `--full-refresh`, for `is_incremental()`. */
  readonly incremental?: IncrementalInputs;
  /** A macro to call with keyword arguments, for `strata run-operation`. */
  readonly operation?: {
    readonly macro: string;
    readonly args: Readonly<Record<string, unknown>>;
  };
  /** Receives the messages of `log()` and `exceptions.warn()` in templates. */
  readonly onLog?: (event: JinjaLogEvent) => void;
  /** A query to render like a model, for `strata show --inline`. */
  readonly inline?: string;
}

/** Schema that contains a country's relations, or `main` without a country. */
export function schemaFor(country: string | null): string {
  return country ?? "main";
}

/**
 * Renders every model, seed, source and test of a project for one country
 * and returns the nodes with their edges. It reads no file and touches no
 * database. Every template problem is collected, then raised together as a
 * ProjectError.
 */
export function compileProject(
  project: Project,
  options: CompileOptions,
): CompiledProject {
  const diagnostics: Diagnostic[] = [];
  const country = resolveCountry(project, options.country);
  const schema = schemaFor(options.country);
  const { dialect } = options;
  const state: { scope?: RenderScope } = {};
  const sourceRelations = new Map<string, string>();
  const inputs: CompileInputs = {
    project,
    dialect,
    country: country ? countryValue(country) : null,
    vars: { ...project.settings.vars, ...options.vars },
    target: options.target,
    env: options.env ?? process.env,
    scope: () => state.scope,
    sourceRelations,
    incremental: options.incremental,
  };
  const cache =
    options.cache && new RenderCache(options.cache, project, inputs, options);
  const globals = cache
    ? cache.trackReads(createGlobals(inputs))
    : createGlobals(inputs);
  const env = createEnvironment(
    project.macros,
    globals,
    diagnostics,
    // A render that logs is not cached, so that every compile logs again.
    (event) => {
      cache?.skipRender();
      options.onLog?.(event);
    },
  );
  const renderStatic = staticRenderer(globals, (name) => macroOf(env, name));
  const inScope = <T>(
    scope: RenderScope,
    work: () => T,
    onError: (error: unknown) => Diagnostic,
  ): T | undefined => {
    state.scope = scope;
    try {
      return work();
    } catch (error) {
      diagnostics.push(onError(error));
      return undefined;
    } finally {
      state.scope = undefined;
    }
  };
  const renderer: Renderer = {
    render(scope, template) {
      const hit = cache?.lookup(scope, template, sourceRelations);
      if (hit !== undefined) return hit;
      cache?.beginRender();
      let phase: "parse" | "render" = "parse";
      const sql = inScope(
        scope,
        () => {
          const fast = renderStatic(scope, template);
          if (fast !== undefined) return fast;
          const compiled = new nunjucks.Template(
            template,
            env,
            scope.file,
            true,
          );
          phase = "render";
          return compiled.render({});
        },
        (error) =>
          templateDiagnostic(
            error,
            scope.file,
            phase,
            scope.node,
            scope.raised,
          ),
      );
      // A render repeated at execution depends on the database: keep it out.
      const cached = scope.rendersAtExecution ? undefined : sql;
      cache?.endRender(scope, template, sourceRelations, cached);
      return sql;
    },
    callMacro(scope, name, args) {
      const macro = env.getGlobal(name) as (...a: unknown[]) => unknown;
      return inScope(
        scope,
        () => String(macro(...args)),
        (error) =>
          templateDiagnostic(
            error,
            scope.file,
            "render",
            scope.node,
            scope.raised,
          ),
      );
    },
    hasMacro(name) {
      return typeof globalsOf(env)[name] === "function";
    },
  };
  const render = (scope: RenderScope, template: string): string | undefined =>
    renderer.render(scope, template);

  const nodes = new Map<string, GraphNode>();
  for (const node of sourceNodes(project, inputs, render)) {
    nodes.set(node.id, node);
    sourceRelations.set(`${node.sourceName}.${node.name}`, node.relation);
  }
  for (const node of seedNodes(project, dialect)) nodes.set(node.id, node);

  const rendered: {
    model: Project["models"][number];
    sql: string;
    scope: RenderScope;
  }[] = [];
  for (const model of project.models) {
    const scope = newScope(
      model.name,
      model.path,
      dialect.relationName(schema, model.name),
    );
    const sql = render(scope, model.sql);
    if (sql !== undefined) rendered.push({ model, sql, scope });
  }

  const hasCountries = project.countries.size > 0;
  const configs = new Map(
    rendered.map(({ model, scope }) => {
      const properties = project.modelProperties.get(model.name);
      const config = resolveConfig(
        project.settings.modelFolders,
        model.folders,
        [properties?.config ?? {}, scope.config],
        hasCountries,
      );
      return [model.name, config] as const;
    }),
  );
  const enabled = new Set(
    rendered
      .filter(({ model }) => configs.get(model.name)!.enabled)
      .map(({ model }) => model.name),
  );
  const ephemeral = new Map(
    rendered
      .filter(
        ({ model }) => configs.get(model.name)!.materialized === "ephemeral",
      )
      .map(({ model, sql }) => [model.name, sql]),
  );
  const relationOf = (name: string): string =>
    modelNamesOf(project).has(name)
      ? dialect.relationName(schema, name)
      : dialect.relationName("main", name);

  for (const { model, sql, scope } of rendered) {
    if (!enabled.has(model.name)) continue;
    for (const ref of scope.refs) {
      if (modelNamesOf(project).has(ref) && !enabled.has(ref)) {
        diagnostics.push({
          code: "unknown-ref",
          message: `model ${model.name} refers to ${ref}, which is disabled`,
          file: model.path,
          model: model.name,
          hint: `Enable ${ref}, or remove the ref.`,
        });
      }
    }
    const properties = project.modelProperties.get(model.name);
    const config = configs.get(model.name)!;
    const renderHooks = (kind: "pre" | "post"): string[] =>
      hookTemplates(config.raw, kind).map((hook) =>
        resolveRefs(
          render(newScope(model.name, model.path, scope.thisRelation), hook) ??
            "",
          relationOf,
          (name) => ephemeral.get(name),
        ),
      );
    const node: ModelNode = {
      kind: "model",
      id: `model.${model.name}`,
      name: model.name,
      path: model.path,
      folders: model.folders,
      config: configs.get(model.name)!,
      description: properties?.description,
      columns: properties?.columns ?? [],
      rawSql: model.sql,
      compiledSql: resolveRefs(sql, relationOf, (name) => ephemeral.get(name)),
      relation: scope.thisRelation,
      checksum: sha256(model.sql),
      dependsOn: dependencies(project, scope),
      isIncremental: isIncrementalModel(
        config,
        model.name,
        options.incremental ?? {},
      ),
      preHooks: renderHooks("pre"),
      postHooks: renderHooks("post"),
      rendersAtExecution: scope.rendersAtExecution,
    };
    nodes.set(node.id, node);
  }
  const renderRunHooks = (key: string, hooks: readonly string[]): string[] =>
    hooks.map((hook, index) =>
      resolveRefs(
        render(newScope(`${key}[${index}]`, "strata.yml", ""), hook) ?? "",
        relationOf,
        (name) => ephemeral.get(name),
      ),
    );
  const onRunStart = renderRunHooks(
    "on_run_start",
    project.settings.onRunStart,
  );
  const onRunEnd = renderRunHooks("on_run_end", project.settings.onRunEnd);
  const operation = options.operation
    ? callOperation(renderer, options.operation, diagnostics)
    : undefined;
  const inlineSql =
    options.inline === undefined
      ? undefined
      : render(newScope("inline", "(--inline)", ""), options.inline);
  const inline =
    inlineSql === undefined
      ? undefined
      : resolveRefs(inlineSql, relationOf, (name) => ephemeral.get(name));

  for (const test of compileTests(
    project,
    nodes,
    renderer,
    relationOf,
    diagnostics,
  )) {
    nodes.set(test.id, test);
  }
  if (diagnostics.length > 0) throw new ProjectError(diagnostics);
  return {
    country: options.country,
    nodes,
    onRunStart,
    onRunEnd,
    operation,
    inline,
  };
}

function callOperation(
  renderer: Renderer,
  operation: NonNullable<CompileOptions["operation"]>,
  diagnostics: Diagnostic[],
): string | undefined {
  if (!renderer.hasMacro(operation.macro)) {
    diagnostics.push({
      code: "unknown-macro",
      message: `macro ${operation.macro} is not defined`,
      hint: `Define {% macro ${operation.macro}(...) %} in a file under macros/, or check the spelling.`,
    });
    return undefined;
  }
  const scope = newScope(`operation.${operation.macro}`, "(run-operation)", "");
  return renderer.callMacro(scope, operation.macro, [
    { ...operation.args, __keywords: true },
  ]);
}

/** Graph ids of the nodes a render's `ref` and `source` calls named. */
export function dependencies(project: Project, scope: RenderScope): string[] {
  const ids = [...scope.refs].map((name) =>
    modelNamesOf(project).has(name) ? `model.${name}` : `seed.${name}`,
  );
  for (const source of scope.sources) ids.push(`source.${source}`);
  return [...new Set(ids)].sort();
}

const modelNameSets = new WeakMap<Project, ReadonlySet<string>>();

/** Returns the names of a project's models, as a set built once per project. */
function modelNamesOf(project: Project): ReadonlySet<string> {
  let names = modelNameSets.get(project);
  if (!names) {
    names = new Set(project.models.map((m) => m.name));
    modelNameSets.set(project, names);
  }
  return names;
}

function resolveCountry(project: Project, code: string | null): Country | null {
  if (code === null) return null;
  const country = project.countries.get(code);
  if (country) return country;
  const known = [...project.countries.keys()].join(", ") || "none";
  throw new ProjectError({
    code: "unknown-country",
    message: `country ${code} is not declared (declared: ${known})`,
    file: "countries.yml",
    hint: "Pass one of the declared countries with --country, or add it to countries.yml.",
  });
}

function sourceNodes(
  project: Project,
  inputs: CompileInputs,
  render: (scope: RenderScope, template: string) => string | undefined,
): SourceNode[] {
  return project.sources.map((table) => {
    const id = `${table.sourceName}.${table.name}`;
    const renderText = (text: string): string =>
      render(newScope(id, table.file, ""), text) ?? text;
    const rendered = renderText(table.path);
    const location = path.isAbsolute(rendered)
      ? rendered
      : path.join(project.dir, rendered);
    const options = Object.fromEntries(
      Object.entries(table.options).map(([key, value]) => [
        key,
        typeof value === "string" ? renderText(value) : value,
      ]),
    );
    return {
      kind: "source",
      id: `source.${id}`,
      name: table.name,
      sourceName: table.sourceName,
      path: table.file,
      format: table.format,
      location,
      relation: inputs.dialect.sourceRelation({
        format: table.format,
        location,
        options,
      }),
      description: table.description,
      columns: table.columns ?? [],
      dependsOn: [],
    };
  });
}

function seedNodes(project: Project, dialect: Dialect): SeedNode[] {
  const hasCountries = project.countries.size > 0;
  return project.seeds.map((seed) => {
    const properties = project.seedProperties.get(seed.name);
    const config = resolveConfig(
      project.settings.seedFolders,
      seed.folders,
      [properties?.config ?? {}],
      hasCountries,
      "table",
    );
    return {
      kind: "seed",
      id: `seed.${seed.name}`,
      name: seed.name,
      path: seed.path,
      folders: seed.folders,
      config: { ...config, partitionByCountry: false },
      description: properties?.description,
      columns: properties?.columns ?? [],
      relation: dialect.relationName("main", seed.name),
      checksum: seed.checksum,
      dependsOn: [],
    };
  });
}

/** Hashes a model's text into the checksum the manifest records. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
