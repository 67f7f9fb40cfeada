import { createHash } from "node:crypto";
import type { Project } from "../project/index.ts";
import type { RenderScope } from "./render-scope.ts";
import { createModules } from "./jinja/modules/index.ts";

/** A variable a render read, with the value it saw. */
interface Read {
  readonly kind: "var" | "env_var";
  readonly name: string;
  /** The value as JSON, or `missing` when it was not set. */
  readonly value: string;
}

/** The output and reads of one successful render. */
export interface CachedRender {
  readonly sql: string;
  readonly refs: readonly string[];
  readonly sources: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly reads: readonly Read[];
}

const missing = "missing";
/**
 * Bumped when the cached shape, the meaning of a key or the output of a
 * render changes.
 */
const formatVersion = 4;

/**
 * Rendered templates kept between compiles, as stored in
 * target/render-cache.json. Entries that a compile neither read nor
 * wrote are dropped when it is saved, so the file tracks the project.
 */
export class RenderCacheStore {
  private readonly previous: ReadonlyMap<string, CachedRender>;
  private readonly current = new Map<string, CachedRender>();
  private written = false;

  constructor(entries: Readonly<Record<string, CachedRender>> = {}) {
    this.previous = new Map(Object.entries(entries));
  }

  /** Parses a saved store; anything unreadable gives an empty one. */
  static parse(text: string | undefined): RenderCacheStore {
    try {
      const saved = JSON.parse(text ?? "") as {
        version?: number;
        entries?: Record<string, CachedRender>;
      };
      return saved.version === formatVersion && saved.entries
        ? new RenderCacheStore(saved.entries)
        : new RenderCacheStore();
    } catch {
      return new RenderCacheStore();
    }
  }

  /** Whether saving would change the stored file. */
  get changed(): boolean {
    return this.written || this.current.size !== this.previous.size;
  }

  serialize(): string {
    return JSON.stringify({
      version: formatVersion,
      entries: Object.fromEntries(this.current),
    });
  }

  /** Names of the environment variables the renders read, cached or not. */
  readonly envNames = new Set<string>();

  /** Whether a render read the clock, so its output changes on every compile. */
  readClock = false;

  get(key: string): CachedRender | undefined {
    const entry = this.current.get(key) ?? this.previous.get(key);
    if (entry) this.current.set(key, entry);
    return entry;
  }

  set(key: string, entry: CachedRender): void {
    this.current.set(key, entry);
    this.written = true;
  }
}

/**
 * The render cache of one compile. A key is the hash of the template, the
 * node and file it renders for, the relation `this` names, the macros, the
 * source relations, the project settings and countries, and the compile
 * options but vars and environment variables. The vars and environment
 * variables a render read are stored with it and compared on lookup, so a
 * change to any other variable keeps the entry valid. A hit replays the refs, sources and config the render
 * recorded, after checking that each ref and source still exists, so that a
 * removed model still fails as it would without the cache.
 *
 * NOTE: this relies on templates reading the world only through the
 * globals strata defines. A new global that reads anything else (a file,
 * the clock, the database) has to become part of the key or of the reads.
 */
export class RenderCache {
  private readonly context: string;
  private reads: Read[] | undefined;

  /** Set when the running render called a global whose result is not tracked. */
  private untracked = false;

  /**
   * `options` are the compile options: all but `vars` and `env` go into the
   * key, and those two are where reads are looked up.
   */
  constructor(
    private readonly store: RenderCacheStore,
    private readonly project: Project,
    private readonly values: {
      readonly vars: Readonly<Record<string, unknown>>;
      readonly env: Readonly<Record<string, string | undefined>>;
    },
    options: object,
  ) {
    const without = (value: object, keys: readonly string[]) =>
      Object.fromEntries(
        Object.entries(value).filter(([key]) => !keys.includes(key)),
      );
    const rest = without(options, ["vars", "env", "cache"]);
    const settings = without(project.settings, ["vars"]);
    this.context = hash(
      JSON.stringify(
        [
          formatVersion,
          project.macros.map((m) => [m.path, m.text]),
          settings,
          project.countries,
          rest,
        ],
        plainJson,
      ),
    );
  }

  /**
   * Wraps the `var` and `env_var` globals so that renders record what they
   * read. Wraps `is_incremental`, whose result depends on the config
   * resolved during the render, and the clock of `modules.datetime`, so
   * that a render calling either is not cached. The other globals are
   * returned as they are.
   */
  trackReads(globals: Record<string, unknown>): Record<string, unknown> {
    const wrapped = Object.create(
      Object.getPrototypeOf(globals) as object,
      Object.getOwnPropertyDescriptors(globals),
    ) as Record<string, unknown>;
    for (const kind of ["var", "env_var"] as const) {
      const original = globals[kind] as (...args: unknown[]) => unknown;
      wrapped[kind] = (name: unknown, ...rest: unknown[]): unknown => {
        if (kind === "env_var") this.store.envNames.add(String(name));
        this.reads?.push({
          kind,
          name: String(name),
          value: this.valueOf(kind, String(name)),
        });
        return original(name, ...rest);
      };
    }
    // A render that reads the clock is not cached either. strata's globals
    // take precedence over Jinja's, so this `modules` replaces Jinja's.
    wrapped.modules = createModules(() => {
      this.untracked = true;
      this.store.readClock = true;
      return new Date();
    });
    const isIncremental = globals.is_incremental;
    if (typeof isIncremental === "function") {
      wrapped.is_incremental = (...args: unknown[]): unknown => {
        this.untracked = true;
        return (isIncremental as (...a: unknown[]) => unknown)(...args);
      };
    }
    return wrapped;
  }

  /** Fills the scope from a valid entry and returns its SQL, if any. */
  lookup(
    scope: RenderScope,
    template: string,
    sourceRelations: ReadonlyMap<string, string>,
  ): string | undefined {
    const entry = this.store.get(this.keyOf(scope, template, sourceRelations));
    if (!entry || !this.isValid(entry)) return undefined;
    for (const read of entry.reads) {
      if (read.kind === "env_var") this.store.envNames.add(read.name);
    }
    entry.refs.forEach((ref) => scope.refs.add(ref));
    entry.sources.forEach((source) => scope.sources.add(source));
    Object.assign(scope.config, structuredClone(entry.config));
    return entry.sql;
  }

  /**
   * Keeps the running render out of the cache, as for one that logged:
   * a hit would skip the log message.
   */
  skipRender(): void {
    this.untracked = true;
  }

  /** Starts recording the reads of a render that missed the cache. */
  beginRender(): void {
    this.reads = [];
    this.untracked = false;
  }

  /** Stores a successful render with what it recorded. */
  endRender(
    scope: RenderScope,
    template: string,
    sourceRelations: ReadonlyMap<string, string>,
    sql: string | undefined,
  ): void {
    const reads = this.reads ?? [];
    this.reads = undefined;
    if (sql === undefined || scope.raised || this.untracked) return;
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(JSON.stringify(scope.config)) as typeof config;
    } catch {
      return;
    }
    this.store.set(this.keyOf(scope, template, sourceRelations), {
      sql,
      refs: [...scope.refs],
      sources: [...scope.sources],
      config,
      reads,
    });
  }

  /** The last key computed, which `endRender` of the same render reuses. */
  private lastKey?: {
    scope: RenderScope;
    template: string;
    size: number;
    key: string;
  };

  private keyOf(
    scope: RenderScope,
    template: string,
    sourceRelations: ReadonlyMap<string, string>,
  ): string {
    const last = this.lastKey;
    if (
      last?.scope === scope &&
      last.template === template &&
      last.size === sourceRelations.size
    ) {
      return last.key;
    }
    // One relation is added per source table while the sources render,
    // before any model, so the hash changes only with the map's size. It is
    // hashed once per size rather than once per model, because the map
    // contains every source table of the project.
    if (this.relationsHash?.size !== sourceRelations.size) {
      this.relationsHash = {
        size: sourceRelations.size,
        hash: hash(JSON.stringify([this.context, ...sourceRelations])),
      };
    }
    const key = hash(
      JSON.stringify([
        this.relationsHash.hash,
        scope.node,
        scope.file,
        scope.thisRelation,
        template,
      ]),
    );
    this.lastKey = { scope, template, size: sourceRelations.size, key };
    return key;
  }

  private relationsHash?: { size: number; hash: string };

  private isValid(entry: CachedRender): boolean {
    const names = this.names();
    return (
      entry.reads.every(
        (read) => this.valueOf(read.kind, read.name) === read.value,
      ) &&
      entry.refs.every((ref) => names.refs.has(ref)) &&
      entry.sources.every((source) => names.sources.has(source))
    );
  }

  private cachedNames?: { refs: Set<string>; sources: Set<string> };

  private names(): { refs: Set<string>; sources: Set<string> } {
    this.cachedNames ??= {
      refs: new Set([
        ...this.project.models.map((m) => m.name),
        ...this.project.seeds.map((s) => s.name),
      ]),
      sources: new Set(
        this.project.sources.map((t) => `${t.sourceName}.${t.name}`),
      ),
    };
    return this.cachedNames;
  }

  private valueOf(kind: Read["kind"], name: string): string {
    if (kind === "env_var") return this.values.env[name] ?? missing;
    return Object.hasOwn(this.values.vars, name)
      ? (JSON.stringify(this.values.vars[name]) ?? missing)
      : missing;
  }
}

/** Converts sets and maps to arrays and functions to names, for JSON. */
function plainJson(_key: string, value: unknown): unknown {
  if (value instanceof Set) return [...value].sort();
  if (value instanceof Map) return [...value];
  if (typeof value === "function") return `function ${value.name}`;
  return value;
}

function hash(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}
