import { wrapError } from 'db-errors';
import type { Knex } from 'knex';
import { Model, type ModelClass, QueryBuilder } from 'objection';
import { rememberModelOrigin } from '../query-origin';
import { idColumnOf, tableNameOf } from '../objection/query-internals';

/** An operation as Objection 3.1.5 keeps it on a builder; `findById` keeps its id. */
interface Operation {
  readonly id?: unknown;
}

interface BuilderInternals {
  forEachOperation(selector: true, callback: (operation: Operation) => void): void;
  context(): { onBuild?: unknown[] };
  internalContext(): { onBuild: unknown[] };
  internalOptions(): { schema?: unknown };
  knex(): Knex;
  modelClass(): ModelClass<Model>;
  tableNameFor(modelClass: ModelClass<Model>): string;
  tableRefFor(modelClass: ModelClass<Model>): string;
}

function operationsOf(builder: object): Operation[] {
  const operations: Operation[] = [];
  (builder as BuilderInternals).forEachOperation(true, (operation) => operations.push(operation));
  return operations;
}

// The classes of the two operations `query().findById(id)` leaves on a builder: `findById`, then
// the `first` it adds. Read from a builder, as Objection does not export them.
const [FIND_BY_ID, FIRST] = operationsOf(QueryBuilder.forClass(Model).findById(0)).map(
  (operation) => operation.constructor,
);

const isEmpty = (hooks: unknown[] | undefined) => !hooks || hooks.length === 0;

/**
 * The id of a plain read (see `isPlainFind`) that is exactly `Model.query().findById(id)`, with
 * a single-column id, no alias, no schema and no onBuild hook; undefined for any other query.
 *
 * @example
 * findByIdOf(Product.query().findById(7)) // 7
 * findByIdOf(Product.query().findById(7).select('name')) // undefined
 */
export function findByIdOf(query: object): string | number | undefined {
  const builder = query as BuilderInternals;
  const operations = operationsOf(query);
  const [findById, first] = operations;
  if (operations.length !== 2 || !findById || findById.constructor !== FIND_BY_ID) {
    return undefined;
  }
  if (first?.constructor !== FIRST) return undefined;
  const { id } = findById;
  if (typeof id !== 'number' && typeof id !== 'string') return undefined;
  const modelClass = builder.modelClass();
  const table = tableNameOf(modelClass);
  if (typeof idColumnOf(modelClass) !== 'string') return undefined;
  if (builder.tableNameFor(modelClass) !== table || builder.tableRefFor(modelClass) !== table) {
    return undefined;
  }
  if (!isEmpty(builder.context().onBuild) || !isEmpty(builder.internalContext().onBuild)) {
    return undefined;
  }
  return builder.internalOptions().schema === undefined ? id : undefined;
}

/**
 * Runs `Model.query().findById(id)` (see `findByIdOf`) as the knex query Objection would build
 * (`select t.* from t where t.id = ? limit 1`), without building it through Objection's
 * operations: the row becomes a model as Objection makes it, or the result is undefined.
 *
 * @example
 * const id = findByIdOf(builder);
 * if (id !== undefined) return runFindById(builder, id);
 */
export async function runFindById(query: object, id: string | number): Promise<unknown> {
  const builder = query as BuilderInternals;
  const modelClass = builder.modelClass();
  const table = tableNameOf(modelClass);
  const knexQuery = builder
    .knex()
    .select(`${table}.*`)
    .from(table)
    .where(`${table}.${idColumnOf(modelClass) as string}`, '=', id);
  if (modelClass.useLimitInFirst) knexQuery.limit(1);
  rememberModelOrigin(knexQuery, modelClass);
  let rows: unknown[];
  try {
    rows = (await knexQuery) as unknown[];
  } catch (error) {
    // As Objection does: database errors become db-errors classes.
    throw error instanceof Error ? wrapError(error) : error;
  }
  const [row] = rows;
  if (typeof row !== 'object' || row === null) return row;
  return row instanceof modelClass ? row : modelClass.fromDatabaseJson(row);
}
