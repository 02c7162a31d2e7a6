import type { Knex } from 'knex';
import type { Model, ModelClass } from 'objection';
import { BaseModel, ISO_TIMESTAMP_COLUMNS } from '../base-model';
import { dialectOf } from '../database/config';
import type { SqlFragment } from '../database/dialect';
import { tableColumns } from '../database/table-columns';
import { reshapesRowJson, tableNameOf } from '../objection/query-internals';
import { softDeleteOf } from '../soft-delete/soft-delete';

// The instance methods through which a model shapes the JSON of the rows it reads.
const JSON_SHAPERS = [
  '$parseDatabaseJson',
  '$afterFind',
  '$formatJson',
  '$toJson',
  'toJSON',
  '$omitFromJson',
] as const;

/**
 * Whether `toJSON()` of a row `modelClass` reads is the row's columns as `BaseModel` reads them,
 * nothing added, renamed or reshaped: the model overrides none of the methods that shape its
 * JSON, has no static `afterFind`, no column-name mappers, no virtual attributes and no JSON
 * attributes (which Objection parses from text).
 */
function serialisesRowsAsBaseModel(modelClass: ModelClass<Model>): boolean {
  // eslint-disable-next-line no-restricted-syntax -- checked on the next line, as TypeScript cannot
  const model = modelClass as unknown as typeof BaseModel;
  if (!(model.prototype instanceof BaseModel)) return false;
  const ownShaper = JSON_SHAPERS.some(
    (name) => model.prototype[name] !== BaseModel.prototype[name],
  );
  return !ownShaper && model.afterFind === BaseModel.afterFind && !reshapesRowJson(modelClass);
}

/**
 * SQL for the JSON text `JSON.stringify(row.toJSON())` gives for a row of `modelClass` read with
 * a plain query, built by the database over the row's columns (`Dialect.rowJson`), or `undefined`
 * when only JavaScript can tell: the model shapes its JSON itself, or a column's type has no
 * exact SQL on this database.
 *
 * @example
 * const json = await rowJsonSqlOf(Book, trx); // { sql: 'json_object(?, ??, …)', bindings: ['id', 'id', …] } on SQLite
 */
export async function rowJsonSqlOf(
  modelClass: ModelClass<Model>,
  knex: Knex,
): Promise<SqlFragment | undefined> {
  if (!serialisesRowsAsBaseModel(modelClass)) return undefined;
  const columns = await tableColumns(knex, tableNameOf(modelClass));
  // BaseModel reads a soft-delete timestamp as ISO-8601 too.
  const deletedAt = softDeleteOf(modelClass)?.column;
  const isoColumns = deletedAt ? [...ISO_TIMESTAMP_COLUMNS, deletedAt] : ISO_TIMESTAMP_COLUMNS;
  return dialectOf(knex).rowJson(columns, isoColumns);
}
