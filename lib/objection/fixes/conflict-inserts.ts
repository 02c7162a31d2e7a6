import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass } from 'objection';
import { UnsupportedQueryError } from '../../errors';
import { asChildQueryOf, idColumnOf } from '../query-internals';
import {
  addOperation,
  argumentsOf,
  type InsertOfModels,
  insertOf,
  ObjectionOperation,
  unwrapInsertAndFetch,
} from '../operation-internals';

const OPERATION_NAME = 'matchConflictRows';

type Row = Record<string, unknown>;

function idColumnsOf(modelClass: ModelClass<Model>): string[] {
  return [idColumnOf(modelClass)].flat();
}

/** The conflict target's columns, when it names plain columns (not a raw expression). */
function conflictColumnsOf(builder: AnyQueryBuilder): string[] {
  const [target] = argumentsOf(builder, 'onConflict') ?? [];
  const columns = [target].flat();
  return columns.length > 0 && columns.every((column) => typeof column === 'string')
    ? (columns as string[])
    : [];
}

/**
 * The columns whose values tell which model a returned row was inserted from: the conflict
 * target's, or the id's when every model carries its own. `undefined` when there are none.
 */
function matchColumnsOf(builder: AnyQueryBuilder, insert: InsertOfModels): string[] | undefined {
  const conflictColumns = conflictColumnsOf(builder);
  if (conflictColumns.length > 0) return conflictColumns;
  const idColumns = idColumnsOf(builder.modelClass());
  const rows = insert.models.map((model) => model.$toDatabaseJson());
  return rows.every((row) => idColumns.every((column) => row[column] != null))
    ? idColumns
    : undefined;
}

// Objection and the drivers may hand one key value over as a number or as its text.
function keyOf(row: Row, columns: readonly string[]): string {
  return JSON.stringify(
    columns.map((column) => (row[column] == null ? null : String(row[column]))),
  );
}

/** `rows` in the order of `models`; `{}` for a model whose row the database did not insert. */
function alignRows(builder: AnyQueryBuilder, models: Model[], rows: Row[]): Row[] {
  const insert = insertOf(builder)!;
  const columns = matchColumnsOf(builder, insert) ?? [];
  const positions = new Map<string, number[]>();
  models.forEach((model, position) => {
    const key = keyOf(model.$toDatabaseJson(), columns);
    positions.set(key, [...(positions.get(key) ?? []), position]);
  });
  const aligned: Row[] = models.map(() => ({}));
  for (const row of rows) {
    // Of models with equal keys the database inserts the first and ignores the others.
    const position = positions.get(keyOf(row, columns))?.shift();
    if (position !== undefined) aligned[position] = row;
  }
  return aligned;
}

/**
 * Runs last on an insert with `onConflict()`: the statement returns the ids and the columns
 * that match its rows to the models, the returned rows go to the models they were inserted
 * from, and for `insertAndFetch` the rows that were inserted are fetched.
 */
class ConflictRowsMatch extends ObjectionOperation {
  private inserted: Model[] = [];

  onBuildKnex(knexQuery: Knex.QueryBuilder, builder: AnyQueryBuilder): Knex.QueryBuilder {
    const insert = insertOf(builder)!;
    const columns = matchColumnsOf(builder, insert);
    if (!columns && insert.models.length > 1) {
      throw new UnsupportedQueryError(
        `An insert of ${insert.models.length} ${builder.modelClass().name} rows with ` +
          'onConflict() but no conflict columns cannot tell which rows the database inserted ' +
          "and which it ignored: name the columns of the conflict, as in onConflict('name')",
      );
    }
    const asked = (argumentsOf(builder, 'returning') ?? []) as string[];
    const returned = asked.includes('*')
      ? ['*']
      : [...new Set([...asked, ...idColumnsOf(builder.modelClass()), ...(columns ?? [])])];
    return knexQuery.returning(returned);
  }

  // Objection gives the returned rows to the models by position, which is wrong as soon as the
  // database ignored a row: it would give the next row's id to the ignored model (objection#2320).
  onRawResult(builder: AnyQueryBuilder, rows: unknown): unknown {
    const { models } = insertOf(builder)!;
    if (!Array.isArray(rows)) return rows;
    const aligned = alignRows(builder, models, rows as Row[]);
    this.inserted = models.filter((model, position) => Object.keys(aligned[position]!).length > 0);
    return aligned;
  }

  // What `insertAndFetch` does once the rows are inserted, for the rows that were.
  async onAfter2(builder: AnyQueryBuilder, result: unknown): Promise<unknown> {
    if (this.opt.fetchesInserted !== true || this.inserted.length === 0) return result;
    const modelClass = builder.modelClass();
    const idColumns = idColumnsOf(modelClass);
    const fetched: Model[] = await asChildQueryOf(modelClass.query(), builder).findByIds(
      this.inserted.map((model) => model.$id() as string | number),
    );
    const byId = new Map(fetched.map((row) => [keyOf(row.$toDatabaseJson(), idColumns), row]));
    for (const model of this.inserted) {
      const row = byId.get(keyOf(model.$toDatabaseJson(), idColumns));
      if (row) model.$set(row);
    }
    return result;
  }
}

/**
 * Objection 3.1.5 gives the rows an `insert(…).onConflict(…).ignore()` returns to the models by
 * position: when the database ignores a row, the next row's id goes to the ignored model and
 * the last model gets none (PostgreSQL), `insertAndFetch` fetches `undefined`, and on SQLite,
 * which returns the last id the connection inserted, an ignored row gets the id of another row
 * altogether (objection#2320, #2597, #2661). Called as the query builds, this makes such an
 * insert return the ids and the conflict columns (`RETURNING`, on SQLite too) and give each
 * returned row to the model with the same conflict key (or id): a model whose row was ignored
 * comes back as it was given, without an id. Several rows with `onConflict()` but no conflict
 * columns and no ids cannot be matched, and are refused before anything is sent.
 *
 * @example
 * const [x, a] = await Tag.query().insert([{ name: 'x' }, { name: 'a' }]).onConflict('name').ignore();
 * // x.id: the new row's; a.id: undefined, 'a' was there already
 */
export function matchRowsOfConflictInserts(builder: AnyQueryBuilder): void {
  if (!builder.has('onConflict') || builder.has(OPERATION_NAME) || !insertOf(builder)) return;
  const fetchesInserted = unwrapInsertAndFetch(builder);
  addOperation(builder, new ConflictRowsMatch(OPERATION_NAME, { fetchesInserted }));
}
