/**
 * A query failed in the engine. `line` is the line of the node's compiled
 * SQL the engine pointed at, when it gave one.
 */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "SqlError";
  }
}
