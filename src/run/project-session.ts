import path from "node:path";
import type { z } from "zod";
import {
  compileProject,
  type CompileOptions,
  type CompiledProject,
} from "../compile/index.ts";
import { createEngine, dialectFor, type Engine } from "../engines/index.ts";
import { StrataError } from "../errors/index.ts";
import type { EventSink } from "../events/index.ts";
import { loadProject, type Project } from "../project/index.ts";

/** Options of the commands that query a project outside the build pipeline. */
export interface SessionOptions {
  readonly projectDir: string;
  readonly country?: string;
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly target?: string;
  readonly threads?: number;
  readonly lockTimeoutMs?: number;
  readonly events: EventSink;
  /** Schemas of countries.yml sections that other modules own. */
  readonly countrySections?: Readonly<Record<string, z.ZodType>>;
  /** Shown to a run waiting for the catalog, such as `strata show`. */
  readonly holder: string;
}

/** A loaded project with its target resolved, ready to compile and query. */
export interface ProjectSession {
  readonly project: Project;
  readonly targetName: string;
  readonly engineName: string;
  readonly targetContext: Readonly<Record<string, unknown>>;
  readonly countries: readonly (string | null)[];
  compile(
    country: string | null,
    extra?: Pick<CompileOptions, "operation" | "inline">,
  ): CompiledProject;
  /** Opens the engine, runs `work` with it, and closes it. */
  withEngine<T>(work: (engine: Engine) => Promise<T>): Promise<T>;
}

/**
 * Loads a project and resolves its target and countries for `show`,
 * `run-operation` and `source freshness`: commands that read the catalog
 * but build nothing.
 */
export async function openSession(
  options: SessionOptions,
): Promise<ProjectSession> {
  const project = await loadProject(options.projectDir, {
    countrySections: options.countrySections,
  });
  const targetName = options.target ?? project.settings.defaultTarget;
  const target = project.settings.targets[targetName];
  if (!target) {
    throw new StrataError({
      code: "invalid-option",
      message: `target ${targetName} is not defined in strata.yml (defined: ${Object.keys(project.settings.targets).join(", ")})`,
      file: "strata.yml",
      hint: "Pass one of the defined targets with --target, or add it under targets:.",
    });
  }
  const threads = options.threads ?? target.threads ?? 4;
  const targetContext = { name: targetName, ...target, threads };
  const dialect = dialectFor(target.engine);
  if (
    options.country !== undefined &&
    !project.countries.has(options.country)
  ) {
    const known = [...project.countries.keys()].join(", ") || "none";
    throw new StrataError({
      code: "unknown-country",
      message: `country ${options.country} is not declared (declared: ${known})`,
      file: "countries.yml",
      hint: "Pass one of the declared countries with --country, or add it to countries.yml.",
    });
  }
  const countries =
    options.country !== undefined
      ? [options.country]
      : project.countries.size > 0
        ? [...project.countries.keys()]
        : [null];
  return {
    project,
    targetName,
    engineName: target.engine,
    targetContext,
    countries,
    compile: (country, extra) =>
      compileProject(project, {
        dialect,
        country,
        vars: options.vars,
        target: targetContext,
        ...extra,
      }),
    async withEngine(work) {
      const targetDir = path.join(project.dir, "target");
      const engine = createEngine(target.engine, {
        targetDir,
        threads,
        settings: target.settings ?? {},
        lockTimeoutMs: options.lockTimeoutMs ?? 300_000,
        catalogPath: target.path
          ? path.resolve(project.dir, target.path)
          : undefined,
        events: options.events,
        holder: options.holder,
      });
      await engine.open();
      try {
        return await work(engine);
      } finally {
        await engine.close();
      }
    },
  };
}
