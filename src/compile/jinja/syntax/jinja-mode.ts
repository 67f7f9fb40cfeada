import {
  internals,
  type CompileFrame,
  type Compiler,
  type Parser,
  type SyntaxNode,
} from "./nunjucks-internals.ts";

// Nunjucks keeps one compiler and one parser for every environment, so the
// hooks below patch shared prototypes. They change nothing unless the
// template being compiled belongs to an environment carrying the marker
// extension: every other environment keeps stock Nunjucks behaviour.
// Symbol.for keys let two copies of this module (vitest loads one per test
// file) share the hooks that the first copy installed.

const MARKER = Symbol.for("strata.jinja.extension");
const INSTALLED = Symbol.for("strata.jinja.hooks-installed");

let compilingJinja = false;

/** Marks an extension so templates of its environment compile as Jinja. */
export function markJinjaExtension(extension: object): void {
  Object.defineProperty(extension, MARKER, { value: true });
}

function hasMarker(extensions: unknown): boolean {
  if (!Array.isArray(extensions)) return false;
  return extensions.some(
    (extension: unknown) =>
      typeof extension === "object" &&
      extension !== null &&
      MARKER in extension,
  );
}

/** Returns whether the template being compiled uses Jinja semantics. */
export function isJinjaMode(): boolean {
  return compilingJinja;
}

/**
 * Runs `install` once per loaded Nunjucks, after switching the compiler's
 * entry point to set Jinja mode for marked environments. Compilation is
 * synchronous, so one flag covers the parser and compiler of that call.
 */
export function installOnce(install: () => void): void {
  const compilerModule = internals.compiler;
  if (INSTALLED in compilerModule) return;
  Object.defineProperty(compilerModule, INSTALLED, { value: true });

  const compile = compilerModule.compile;
  compilerModule.compile = function (...args: unknown[]): string {
    const previous = compilingJinja;
    compilingJinja = hasMarker(args[2]);
    try {
      return compile.apply(this, args);
    } finally {
      compilingJinja = previous;
    }
  };
  install();
}

type CompileMethod = (
  this: Compiler,
  node: SyntaxNode,
  frame: CompileFrame,
  ...rest: unknown[]
) => unknown;

/** A compiler method replacement; `original` is the stock method. */
export type CompileOverride<N extends SyntaxNode> = (
  this: Compiler,
  original: CompileMethod,
  node: N,
  frame: CompileFrame,
  ...rest: unknown[]
) => unknown;

function methodOf(
  prototype: Record<string | symbol, unknown>,
  name: string,
): (...args: unknown[]) => unknown {
  const method = prototype[name];
  if (typeof method !== "function") {
    throw new Error(
      `nunjucks method ${name} not found; the Jinja hooks need nunjucks 3.2.4`,
    );
  }
  return method as (...args: unknown[]) => unknown;
}

/**
 * Replaces a compiler method in Jinja mode. `N` names the node type the
 * method receives; Nunjucks dispatches on the node's type name, so the
 * assertion holds.
 */
export function overrideCompileMethod<N extends SyntaxNode>(
  name: string,
  replacement: CompileOverride<N>,
): void {
  const prototype = internals.compiler.Compiler.prototype;
  const original = methodOf(prototype, name) as CompileMethod;
  prototype[name] = function (
    this: Compiler,
    node: SyntaxNode,
    frame: CompileFrame,
    ...rest: unknown[]
  ): unknown {
    if (!compilingJinja) return original.call(this, node, frame, ...rest);
    return replacement.call(this, original, node as N, frame, ...rest);
  };
}

/** Adds the compiler method for a node type this module defines. */
export function addCompileMethod<N extends SyntaxNode>(
  typename: string,
  method: (this: Compiler, node: N, frame: CompileFrame) => void,
): void {
  internals.compiler.Compiler.prototype[`compile${typename}`] = method;
}

/** Replaces a parser method in Jinja mode. */
export function overrideParseMethod<A extends unknown[], R>(
  name: string,
  replacement: (
    this: Parser,
    original: (this: Parser, ...args: A) => R,
    ...args: A
  ) => R,
): void {
  const prototype = internals.parser.Parser.prototype;
  const original = methodOf(prototype, name) as (this: Parser, ...args: A) => R;
  prototype[name] = function (this: Parser, ...args: A): R {
    if (!compilingJinja) return original.apply(this, args);
    return replacement.call(this, original, ...args);
  };
}
