import type { Knex } from 'knex';
import type { Model, ModelClass } from 'objection';
import { dialectOf } from '../database/config';
import { translateError } from '../error-translation';
import { rememberModelOrigin } from '../observe/query-origin';
import { idColumnOf, tableNameOf } from '../objection/query-internals';
import { mayReadWithoutObjection, modelFacts } from '../objection/model-facts';
import { propsOf } from '../objection/model-props';
import { relationFacts } from '../objection/relation-facts';
import { isFastPathOn } from './fast-path-switch';
import { replicaRead } from '../replicas/read-classification';

/** Relation names nested as objects: `{ products: { orders: {} } }` for `products.orders`. */
export interface JoinTree {
  [relation: string]: JoinTree;
}

/** What parsing needs of one node of the tree: its model, relation kind and children. */
interface JoinNode {
  readonly modelClass: ModelClass<Model>;
  /** The relation property on the parent; empty for the root. */
  readonly property: string;
  readonly isToMany: boolean;
  /** The column alias prefix Objection gives the node's columns: `products:orders:`. */
  readonly prefix: string;
  readonly idAlias: string;
  readonly children: JoinNode[];
}

/** The id column; `findByIdJoined` reads models with a single-column id. */
function singleIdColumnOf(modelClass: ModelClass<Model>): string {
  return String(idColumnOf(modelClass));
}

function nodeOf(
  modelClass: ModelClass<Model>,
  tree: JoinTree,
  property: string,
  isToMany: boolean,
  path: string[],
): JoinNode {
  const prefix = path.length ? `${path.join(':')}:` : '';
  const relations = modelClass.getRelations();
  return {
    modelClass,
    property,
    isToMany,
    prefix,
    idAlias: `${prefix}${singleIdColumnOf(modelClass)}`,
    children: Object.entries(tree).map(([name, subtree]) => {
      const relation = relationFacts(relations[name]!);
      return nodeOf(relation.relatedModelClass, subtree, name, relation.isToMany, [...path, name]);
    }),
  };
}

/** The node's own columns of a flat row, under their column names. */
function ownColumns(node: JoinNode, aliases: string[]): Array<[alias: string, column: string]> {
  return aliases
    .filter((alias) => alias.startsWith(node.prefix) && !alias.includes(':', node.prefix.length))
    .map((alias) => [alias, alias.slice(node.prefix.length)]);
}

/**
 * Turns the flat rows of a joined read into models, as Objection's join result parser does: one
 * model per row id under each parent, in the order the rows come, relations without rows as `[]`
 * (to-many) or `null` (to-one). Plain rows in, models made with `fromDatabaseJson`.
 */
function parseJoinedRows(root: JoinNode, rows: Array<Record<string, unknown>>): Model[] {
  if (rows.length === 0) return [];
  const aliases = Object.keys(rows[0]!);
  const columns = new Map<JoinNode, Array<[string, string]>>();
  const collect = (node: JoinNode): void => {
    columns.set(node, ownColumns(node, aliases));
    node.children.forEach(collect);
  };
  collect(root);

  const seen = new Map<string, Model>();
  const roots: Model[] = [];
  const visit = (node: JoinNode, row: Record<string, unknown>, parent?: Model, parentKey = '') => {
    const id = row[node.idAlias];
    if (id === null || id === undefined) return;
    const key = `${parentKey}/${node.property}:${String(id)}`;
    let model = seen.get(key);
    if (!model) {
      const own: Record<string, unknown> = {};
      for (const [alias, column] of columns.get(node)!) own[column] = row[alias];
      model = node.modelClass.fromDatabaseJson(own);
      const made = propsOf(model);
      for (const child of node.children) made[child.property] = child.isToMany ? [] : null;
      if (!parent) roots.push(model);
      else if (node.isToMany) {
        ((propsOf(parent)[node.property] as Model[] | undefined) ??= []).push(model);
      } else propsOf(parent)[node.property] = model;
      seen.set(key, model);
    }
    for (const child of node.children) visit(child, row, model, key);
  };
  for (const row of rows) visit(root, row);
  return roots;
}

/**
 * The id column of every to-many level, as Objection aliases its table (`products:orders.id`),
 * parents first: ordering by them lists each level's rows by id under their parent.
 */
function toManyIdColumns(node: JoinNode): string[] {
  const table = node.prefix === '' ? tableNameOf(node.modelClass) : node.prefix.slice(0, -1);
  const own = node.isToMany ? [`${table}.${singleIdColumnOf(node.modelClass)}`] : [];
  return [...own, ...node.children.flatMap(toManyIdColumns)];
}

/**
 * Whether a model of the tree needs Objection's own read: find hooks, which only its pipeline
 * runs, a default scope, which the cached SQL (built for one model class) must not be trusted to
 * hold for every later read, or an id of several columns (see `mayReadWithoutObjection`); or a
 * relation whose mapping filters its rows (a morphMany's type condition), whose values the
 * cached SQL, run again with the id as its one binding, would not carry.
 */
function needsObjection(modelClass: ModelClass<Model>, tree: JoinTree): boolean {
  const relations = modelClass.getRelations();
  return (
    modelFacts(modelClass).idColumn === null ||
    !mayReadWithoutObjection(modelClass) ||
    Object.entries(tree).some(([name, subtree]) => {
      const facts = relationFacts(relations[name]!);
      return facts.hasModifier || needsObjection(facts.relatedModelClass, subtree);
    })
  );
}

// The SQL Objection builds for a joined read depends only on the model, the tree and the
// database; building it again per read costs more than running it.
const sqlCache = new WeakMap<Knex, Map<string, string>>();

/**
 * The row of `modelClass` with id `id` and the relations of `tree`, in one statement: a join,
 * as Objection's `withGraphJoined` reads it, and the same models, each to-many relation's rows
 * ordered by id. One statement reads one consistent state without a transaction; a tree with
 * two to-many branches makes the join pair their rows up, so keep those for per-level reads. The first read of a tree goes
 * through Objection (which fetches the tables' columns and builds the SQL); later reads run that
 * SQL again and parse the rows without Objection's query pipeline.
 *
 * @example
 * const shop = await findByIdJoined(Shop, knex, 1, { products: { orders: {} } });
 */
export async function findByIdJoined(
  modelClass: ModelClass<Model>,
  knex: Knex,
  id: number | string,
  tree: JoinTree,
): Promise<Model | undefined> {
  const cacheKey = `${modelClass.name}:${JSON.stringify(tree)}`;
  let byTree = sqlCache.get(knex);
  if (!byTree) sqlCache.set(knex, (byTree = new Map()));
  const sql = byTree.get(cacheKey);
  if (sql === undefined || !isFastPathOn('joined-read') || needsObjection(modelClass, tree)) {
    // findByIds, not findById: `first()` would add LIMIT 1, which a join must not have.
    const query = modelClass.query(knex).findByIds([id]).withGraphJoined(tree);
    for (const orderBy of toManyIdColumns(nodeOf(modelClass, tree, '', false, []))) {
      query.orderBy(orderBy);
    }
    const [row] = await query;
    byTree.set(cacheKey, query.toKnexQuery().toSQL().sql);
    return row;
  }
  // Objection's own SQL for this read, run again: a replica may answer it.
  const statement = replicaRead(knex.raw(sql, [id]));
  rememberModelOrigin(statement, modelClass);
  let result: unknown;
  try {
    result = await statement;
  } catch (error) {
    throw translateError(error);
  }
  const rows = dialectOf(knex).rawRows(result);
  return parseJoinedRows(nodeOf(modelClass, tree, '', false, []), rows)[0];
}
