import { StrataError } from "../errors/index.ts";
import type { Row } from "../engines/index.ts";
import { hintForName } from "../compile/globals.ts";
import { openSession, type SessionOptions } from "./project-session.ts";

/** Options of `strata show`: a model or seed by name, or inline SQL. */
export interface ShowOptions extends SessionOptions {
  readonly select?: string;
  readonly inline?: string;
  readonly limit: number;
}

/** The rows a preview returned, and where they came from. */
export interface ShowResult {
  readonly country: string | null;
  readonly sql: string;
  readonly rows: readonly Row[];
}

/**
 * Runs a model's compiled SQL (or an inline query, which may use `ref`) for
 * one country and returns its first `limit` rows. It builds nothing: parents
 * are read from the catalog as the last run left them. Without --country,
 * a project with countries previews the first declared one.
 */
export async function showRows(options: ShowOptions): Promise<ShowResult> {
  if ((options.select === undefined) === (options.inline === undefined)) {
    throw new StrataError({
      code: "invalid-option",
      message: "strata show needs exactly one of --select and --inline",
      hint: 'Pass --select <model> to preview a model, or --inline "select ..." to preview a query.',
    });
  }
  const session = await openSession(options);
  const country = session.countries[0] ?? null;
  const sql = options.inline
    ? inlineSql(session, country, options.inline)
    : modelSql(session.compile(country), options.select!);
  const rows = await session.withEngine((engine) =>
    engine.query(sql, options.limit),
  );
  return { country, sql, rows };
}

function modelSql(
  compiled: ReturnType<Awaited<ReturnType<typeof openSession>>["compile"]>,
  name: string,
): string {
  const node =
    compiled.nodes.get(`model.${name}`) ?? compiled.nodes.get(`seed.${name}`);
  if (node?.kind === "model") return node.compiledSql;
  if (node?.kind === "seed") return `select * from ${node.relation}`;
  const known = [...compiled.nodes.values()]
    .filter((n) => n.kind === "model" || n.kind === "seed")
    .map((n) => n.name);
  throw new StrataError({
    code: "invalid-selector",
    message: `--select ${name} names no model or seed`,
    hint: `Pass the name of one model or seed. ${hintForName(name, known)}`,
  });
}

function inlineSql(
  session: Awaited<ReturnType<typeof openSession>>,
  country: string | null,
  sql: string,
): string {
  const compiled = session.compile(country, {
    inline: sql,
  });
  return compiled.inline ?? sql;
}
