import type { DuckDBConnection } from "@duckdb/node-api";

/** Runs async work one at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Hands out connections of one DuckDB instance, one task per connection at
 * a time, so independent models run in parallel inside DuckDB.
 */
export class ConnectionPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];

  constructor(private readonly all: DuckDBConnection[]) {
    this.idle = [...all];
  }

  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection =
      this.idle.pop() ??
      (await new Promise<DuckDBConnection>((resolve) =>
        this.waiting.push(resolve),
      ));
    try {
      return await work(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }

  closeAll(): void {
    for (const connection of this.all) connection.closeSync();
  }
}
