import type { Knex } from 'knex';
import type { Model, ModelClass } from 'objection';
import { dialectOf, knownDialectOf } from '../database/config';
import { asObjectionDatabaseError } from '../objection/database-errors';
import { modelFacts } from '../objection/model-facts';
import { type Builder, queryFacts } from '../objection/query-facts';
import { rememberModelOrigin } from '../observe/query-origin';
import { replicaRead } from '../replicas/read-classification';
import { isFastPathOn } from './fast-path-switch';

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

/** A by-id read's SQL, compiled once, and where the id goes among its bindings. */
interface CompiledFindById {
  readonly sql: string;
  readonly bindings: readonly unknown[];
  readonly idIndex: number;
}

// By knex configuration (a transaction shares its instance's), then by table, id column and
// LIMIT: the SQL depends on nothing else. Compiling it once saved 4 % of the read's CPU time on
// SQLite and 10 % on PostgreSQL (docs/performance.md, "Fast paths").
const compiledByConfig = new WeakMap<object, Map<string, CompiledFindById>>();

/** The knex query Objection would build for the read: `select t.* from t where t.id = ? limit 1`. */
function findByIdQuery(
  knex: Knex,
  table: string,
  idColumn: string,
  id: Knex.Value,
  limit: boolean,
) {
  const query = knex.select(`${table}.*`).from(table).where(`${table}.${idColumn}`, '=', id);
  return limit ? query.limit(1) : query;
}

/**
 * The read as raw SQL compiled once for its shape, or undefined where a raw statement would not
 * answer as the query builder does: a `postProcessResponse` would see a raw result (the driver's
 * whole answer, not its rows), and a client the layer does not know has no `rawRows`.
 */
function compiledStatement(
  knex: Knex,
  table: string,
  idColumn: string,
  id: string | number,
  limit: boolean,
): Knex.Raw | undefined {
  const { config } = knex.client as { config: { postProcessResponse?: unknown } };
  if (config.postProcessResponse !== undefined || !knownDialectOf(knex)) return undefined;
  let byShape = compiledByConfig.get(config);
  if (!byShape) compiledByConfig.set(config, (byShape = new Map()));
  const shape = `${table}\0${idColumn}\0${limit}`;
  let compiled = byShape.get(shape);
  if (!compiled) {
    // A marker object in the id's place finds its binding whatever else the SQL binds.
    const marker = {};
    const { sql, bindings } = findByIdQuery(knex, table, idColumn, marker, limit).toSQL();
    compiled = { sql, bindings, idIndex: bindings.indexOf(marker) };
    byShape.set(shape, compiled);
  }
  const bindings = [...compiled.bindings];
  bindings[compiled.idIndex] = id;
  // The same select the query builder sends: a replica may answer it.
  return replicaRead(knex.raw(compiled.sql, bindings as Knex.RawBinding[]));
}

/**
 * Runs `Model.query().findById(id)` (see `findByIdOf`) as the SQL Objection would build
 * (`select t.* from t where t.id = ? limit 1`), compiled once per table and sent with the id,
 * without building it through Objection's operations or knex's query builder: the row becomes a
 * model as Objection makes it, or the result is undefined.
 *
 * @example
 * const id = findByIdOf(builder);
 * if (id !== undefined) return runFindById(builder, id);
 */
export async function runFindById(query: object, id: string | number): Promise<unknown> {
  const builder = query as Builder;
  const modelClass = builder.modelClass() as ModelClass<Model>;
  const { tableName: table, idColumn } = modelFacts(modelClass);
  const knex = builder.knex();
  const limit = modelClass.useLimitInFirst;
  const compiled = isFastPathOn('compiled-find-by-id')
    ? compiledStatement(knex, table, idColumn!, id, limit)
    : undefined;
  const statement = compiled ?? findByIdQuery(knex, table, idColumn!, id, limit);
  rememberModelOrigin(statement, modelClass);
  let rows: unknown[];
  try {
    const result: unknown = await statement;
    rows = compiled ? dialectOf(knex).rawRows(result) : (result as unknown[]);
  } catch (error) {
    throw asObjectionDatabaseError(error);
  }
  const [row] = rows;
  if (typeof row !== 'object' || row === null) return row;
  return row instanceof modelClass ? row : modelClass.fromDatabaseJson(row);
}
