import type { Model, ModelClass } from 'objection';
import { asObjectionDatabaseError } from '../objection/database-errors';
import { modelFacts } from '../objection/model-facts';
import { type Builder, queryFacts } from '../objection/query-facts';
import { rememberModelOrigin } from '../observe/query-origin';

/**
 * The id of a plain read (see `isPlainFind`) that is exactly `Model.query().findById(id)`, with
 * a single-column id, no alias, no schema and no onBuild hook; undefined for any other query.
 *
 * @example
 * findByIdOf(Product.query().findById(7)) // 7
 * findByIdOf(Product.query().findById(7).select('name')) // undefined
 */
export function findByIdOf(query: object): string | number | undefined {
  const { findByIdOnly, modelClass, isTableRenamed, hasBuildHooks } = queryFacts(query);
  if (findByIdOnly === undefined || modelFacts(modelClass).idColumn === null) return undefined;
  return isTableRenamed || hasBuildHooks ? undefined : findByIdOnly;
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
  const builder = query as Builder;
  const modelClass = builder.modelClass() as ModelClass<Model>;
  const { tableName: table, idColumn } = modelFacts(modelClass);
  const knexQuery = builder
    .knex()
    .select(`${table}.*`)
    .from(table)
    .where(`${table}.${idColumn!}`, '=', id);
  if (modelClass.useLimitInFirst) knexQuery.limit(1);
  rememberModelOrigin(knexQuery, modelClass);
  let rows: unknown[];
  try {
    rows = (await knexQuery) as unknown[];
  } catch (error) {
    throw asObjectionDatabaseError(error);
  }
  const [row] = rows;
  if (typeof row !== 'object' || row === null) return row;
  return row instanceof modelClass ? row : modelClass.fromDatabaseJson(row);
}
