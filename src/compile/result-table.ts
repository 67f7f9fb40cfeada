/** A query result as an engine returns it: typed columns and row values. */
export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
}

/** The result of a query with no columns and no rows. */
export const emptyResult: QueryResult = { columns: [], rows: [] };

/**
 * Defines a read-only property per name that is not already a member of the
 * target, so that `row.name` and `columns['name']` work as in agate while
 * array members such as `length` keep their meaning.
 */
function defineNamed(
  target: object,
  names: readonly string[],
  valueAt: (index: number) => unknown,
): void {
  names.forEach((name, index) => {
    if (name in target) return;
    Object.defineProperty(target, name, {
      get: () => valueAt(index),
      enumerable: false,
    });
  });
}

/** One row of an `AgateTable`: a list of values, also readable by name. */
export class AgateRow extends Array<unknown> {
  static create(
    names: readonly string[],
    values: readonly unknown[],
  ): AgateRow {
    const row = new AgateRow();
    row.push(...values);
    defineNamed(row, names, (index) => row[index]);
    return row;
  }

  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/** One column of an `AgateTable`, as dbt's `agate.Column`. */
export class AgateColumn {
  constructor(
    readonly name: string,
    readonly data_type: string,
    private readonly data: readonly unknown[],
  ) {}

  /** Returns the column's values in row order. */
  values(): unknown[] {
    return [...this.data];
  }

  values_distinct(): unknown[] {
    return [...new Set(this.data)];
  }

  values_without_nulls(): unknown[] {
    return this.data.filter((value) => value !== null);
  }

  get length(): number {
    return this.data.length;
  }
}

/**
 * The table `run_query` and `load_result(...).table` return, shaped like
 * the agate table dbt returns: `columns` (by index or name, each with
 * `values()`), `rows` (lists whose values are also readable by column
 * name), `column_names` and `column_types`. The table itself is the list of
 * its rows, so `for row in table` and `table | length` work.
 */
export class AgateTable extends Array<AgateRow> {
  declare readonly columns: AgateColumn[];
  declare readonly column_names: string[];
  declare readonly column_types: string[];

  static fromResult(result: QueryResult): AgateTable {
    const names = result.columns.map((column) => column.name);
    const table = new AgateTable();
    table.push(...result.rows.map((values) => AgateRow.create(names, values)));
    const columns = result.columns.map(
      (column, index) =>
        new AgateColumn(
          column.name,
          column.type,
          result.rows.map((row) => row[index]),
        ),
    );
    defineNamed(columns, names, (index) => columns[index]);
    Object.defineProperties(table, {
      columns: { value: columns, enumerable: false },
      column_names: { value: names, enumerable: false },
      column_types: {
        value: result.columns.map((column) => column.type),
        enumerable: false,
      },
    });
    return table;
  }

  /** The rows, as dbt's `table.rows`. */
  get rows(): AgateRow[] {
    return [...this];
  }

  /** Prints nothing; dbt projects call it while debugging. */
  print_table(): string {
    return "";
  }

  // Array methods such as map() build new arrays through this constructor.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/** dbt's response, data and table, as `load_result(name)` returns them. */
export interface StatementResult {
  readonly response: { readonly code: string; readonly rows_affected: number };
  /** The rows as lists of values. */
  readonly data: unknown[][];
  readonly table: AgateTable;
}

/** Wraps a query result as `load_result` returns it. */
export function statementResult(result: QueryResult): StatementResult {
  return {
    response: { code: "SELECT", rows_affected: result.rows.length },
    data: result.rows.map((row) => [...row]),
    table: AgateTable.fromResult(result),
  };
}
