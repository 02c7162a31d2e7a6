import type { Knex } from 'knex';
import type { Model, ModelClass, Relation } from 'objection';
import { chunksOf, valuesPerStatement } from '../../database/chunks';
import { rememberModelOrigin } from '../../observe/query-origin';
import { tableNameOf } from '../../objection/query-internals';
import { coveredJoinTableOf, coveredKeysOf, factsOf, keyOf, propsOf } from './graph-nodes';

type Row = Record<string, unknown>;

// The column a many-to-many read adds for the owner's key; gone before the row becomes a model.
const OWNER_KEY_ALIAS = 'upsert_owner_key';

/** Runs `query` once per chunk of `values` (under the bound-parameter limit), rows in order. */
async function readInChunks(
  knex: Knex,
  values: readonly unknown[],
  query: (chunk: readonly Knex.Value[]) => Knex.QueryBuilder,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const chunk of chunksOf(values as readonly Knex.Value[], valuesPerStatement(knex))) {
    rows.push(...((await query(chunk)) as Row[]));
  }
  return rows;
}

/**
 * The children of a HasMany or HasOne `relation` whose foreign key `column` is one of `values`,
 * every column, as models, read with plain statements in the upsert's transaction (one per
 * chunk of values) and locked until it ends (`FOR UPDATE`; SQLite, one writer at a time, needs
 * no row locks): the upsert may update or delete them, and a concurrent write of one of them
 * through its own resource (a `DELETE /products/2` while a `PUT /shops/1` drops product 2) must
 * wait for the upsert, or the upsert for it, so that a row is never deleted, or audited, twice.
 *
 * @example
 * await lockedChildrenWhereIn(trx, Product, 'shop_id', [1, 2], Shop.getRelation('products'))
 */
async function lockedChildrenWhereIn(
  knex: Knex,
  modelClass: ModelClass<Model>,
  column: string,
  values: readonly unknown[],
  relation: Relation,
): Promise<Model[]> {
  const table = tableNameOf(modelClass);
  const origin = `${relation.ownerModelClass.name}.${relation.name}`;
  const rows = await readInChunks(knex, values, (chunk) => {
    const query = knex(table).select(`${table}.*`).whereIn(`${table}.${column}`, chunk).forUpdate();
    rememberModelOrigin(query, modelClass, origin);
    return query;
  });
  return rows.map((row) => modelClass.fromDatabaseJson(row));
}

function inKeyOrder(values: readonly unknown[]): unknown[] {
  const sorted = [...values];
  if (sorted.every((value) => typeof value === 'number')) {
    return (sorted as number[]).sort((a, b) => a - b);
  }
  return sorted.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

/**
 * The rows of `modelClass` whose id is one of `ids`, every column, as models, locked until the
 * transaction ends: `SELECT … ORDER BY id FOR UPDATE`, chunks in id order too, so that two
 * transactions locking overlapping ids take them in the same order and cannot deadlock. SQLite
 * has no row locks (knex leaves the clause out): its one connection per process runs one write
 * transaction at a time.
 *
 * @example
 * await lockedRowsById(trx, Shop, [2, 1]) // shops 1 and 2, locked in that order
 */
export async function lockedRowsById(
  knex: Knex,
  modelClass: ModelClass<Model>,
  ids: readonly unknown[],
): Promise<Model[]> {
  const table = tableNameOf(modelClass);
  const column = `${table}.${factsOf(modelClass).idColumn!}`;
  const unique = [...new Map(ids.map((id) => [keyOf(id), id])).values()];
  const rows = await readInChunks(knex, inKeyOrder(unique), (chunk) => {
    const query = knex(table)
      .select(`${table}.*`)
      .whereIn(column, chunk)
      .orderBy(column)
      .forUpdate();
    rememberModelOrigin(query, modelClass);
    return query;
  });
  return rows.map((row) => modelClass.fromDatabaseJson(row));
}

/** The related rows of a many-to-many relation, with their owner's key and the join extras. */
async function rowsThroughJoinTable(knex: Knex, relation: Relation, ownerKeys: unknown[]) {
  const related = relation.relatedModelClass;
  const table = tableNameOf(related);
  const { table: joinTable, owner, extras } = coveredJoinTableOf(relation)!;
  const ownerColumn = owner.col;
  // As Objection's eager read does: the related row, and the extras under their aliases.
  const columns = [
    `${table}.*`,
    `${joinTable}.${ownerColumn} as ${OWNER_KEY_ALIAS}`,
    ...extras.map(({ column, alias }) => `${joinTable}.${column} as ${alias}`),
  ];
  const rows = await readInChunks(knex, ownerKeys, (chunk) => {
    const query = knex(table)
      .select(columns)
      .join(
        joinTable,
        `${joinTable}.${coveredJoinTableOf(relation)!.related.col}`,
        `${table}.${coveredKeysOf(relation).related.col}`,
      )
      .whereIn(`${joinTable}.${ownerColumn}`, chunk);
    rememberModelOrigin(query, related, `${relation.ownerModelClass.name}.${relation.name}`);
    return query;
  });
  return rows.map((row) => {
    const { [OWNER_KEY_ALIAS]: ownerKey, ...columnsOfRow } = row;
    return { ownerKey, model: related.fromDatabaseJson(columnsOfRow) };
  });
}

/**
 * The current children, through `relation` (HasMany, HasOne or ManyToMany with single-column
 * keys), of the owners whose key (`relation.ownerProp`) is one of `ownerKeys`, grouped by that
 * key (`keyOf`): one statement per chunk of keys, rows in the order the database returns them,
 * as Objection's eager read would read them.
 *
 * @example
 * (await currentChildrenOf(trx, Shop.getRelation('products'), [1, 2])).get('1') // shop 1's products
 */
export async function currentChildrenOf(
  knex: Knex,
  relation: Relation,
  ownerKeys: readonly unknown[],
): Promise<Map<string, Model[]>> {
  const keys = new Map<string, unknown>();
  for (const key of ownerKeys) {
    if (key !== undefined && key !== null) keys.set(keyOf(key), key);
  }
  const children = new Map<string, Model[]>();
  if (keys.size === 0) return children;
  const add = (ownerKey: unknown, model: Model) => {
    const key = keyOf(ownerKey);
    const list = children.get(key);
    if (list) list.push(model);
    else children.set(key, [model]);
  };
  if (coveredJoinTableOf(relation) !== undefined) {
    const rows = await rowsThroughJoinTable(knex, relation, [...keys.values()]);
    for (const { ownerKey, model } of rows) add(ownerKey, model);
  } else {
    const { prop, col } = coveredKeysOf(relation).related;
    const related = relation.relatedModelClass;
    const models = await lockedChildrenWhereIn(knex, related, col, [...keys.values()], relation);
    for (const model of models) add(propsOf(model)[prop], model);
  }
  return children;
}
