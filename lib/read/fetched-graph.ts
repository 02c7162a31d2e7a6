import type { Knex } from 'knex';
import type { Model, ModelClass } from 'objection';
import { valuesWithin } from '../database/chunks';
import { knownDialectOf } from '../database/config';
import {
  type EagerRelation,
  type ExpressionNode,
  type GraphOptions,
  childNodesOf,
  defaultGraphOptionsOf,
  eagerRelationOf,
  omitProperty,
  ownerKeyAlias,
} from '../objection/eager-internals';
import { concurrencyOf } from '../objection/query-internals';
import { relationFacts } from '../objection/relation-facts';
import { matchKeyOf } from './owner-keys';
import { runKnexQuery, toModels } from './plain-read';
import { ownerKeyValues, relationQuery } from './relation-query';

type Row = Model & Record<string, unknown>;

/** What every level of one eager load shares. */
export interface GraphLoad {
  /** The query's transaction, if it has one; otherwise each model's own knex. */
  readonly knex: Knex | null;
  /** The dialect's batch size, Objection's when no graph option sets one. */
  defaultBatchSize(knex: Knex): number;
}

/** The related rows by the key of their owner (see `matchKeyOf`), in the order they were read. */
function groupByOwner(
  related: readonly Row[],
  ownerKeyOf: (row: Row) => unknown,
): Map<unknown, Row[]> {
  const byOwner = new Map<unknown, Row[]>();
  for (const row of related) {
    const key = matchKeyOf(ownerKeyOf(row));
    const rows = byOwner.get(key);
    if (rows) rows.push(row);
    else byOwner.set(key, [row]);
  }
  return byOwner;
}

/**
 * Sets the relation on every owner, as Objection's relation find operation does: its rows, `[]`
 * or `null` when there are none. Owners with the same key share one list, as in Objection. The
 * assignment goes through the strict-loading accessor, so the relation counts as loaded.
 */
function assignToOwners(
  owners: readonly Row[],
  relation: EagerRelation,
  property: string,
  rowsOf: (owner: Row) => Row[] | undefined,
): void {
  const { isToMany } = relationFacts(relation);
  for (const owner of owners) {
    const rows = rowsOf(owner);
    owner[property] = isToMany ? (rows ?? []) : (rows?.[0] ?? null);
  }
}

/** A set of owners whose relations below `node` are still to load: one level of the walk. */
interface PendingLoad {
  owners: readonly unknown[];
  ownerClass: ModelClass<Model>;
  node: ExpressionNode;
  /** The graph options of the level above (the query's own for the first level). */
  parentOptions: GraphOptions | null;
}

/** What loading one level leaves for later: the loads of the level below, and cleanup. */
interface LevelOutcome {
  below: PendingLoad[];
  /** Many-to-many rows keep their owner-key alias until the whole graph is loaded. */
  aliased: Array<{ relatedClass: ModelClass<Model>; rows: Row[] }>;
}

/** Loads `relation` for one batch of owners; the rows found are owners of the level below. */
async function loadBatch(
  load: GraphLoad,
  owners: Row[],
  relation: EagerRelation,
  node: ExpressionNode,
  outcome: LevelOutcome,
  options: GraphOptions,
): Promise<void> {
  const values = ownerKeyValues(owners, relation.ownerProp);
  if (!values) {
    assignToOwners(owners, relation, node.$name, () => undefined);
    return;
  }
  const relatedClass = relation.relatedModelClass;
  const knex = load.knex ?? relatedClass.knex();
  const related = (await runKnexQuery(relationQuery(knex, relation, values))) as Row[];
  toModels(related, relatedClass);
  // A many-to-many row carries its owner's key under an alias; the others, in their own column.
  const isManyToMany = relationFacts(relation).kind === 'manyToMany';
  const alias = ownerKeyAlias(0);
  const byOwner = groupByOwner(
    related,
    isManyToMany ? (row) => row[alias] : (row) => relation.relatedProp.getProp(row, 0),
  );
  assignToOwners(owners, relation, node.$name, (owner) =>
    byOwner.get(matchKeyOf(relation.ownerProp.getProp(owner, 0))),
  );
  outcome.below.push({ owners: related, ownerClass: relatedClass, node, parentOptions: options });
  if (isManyToMany) outcome.aliased.push({ relatedClass, rows: related });
}

/**
 * Loads the relations directly below `pending.node`, relation by relation, batch by batch. Where
 * Objection runs one query at a time for the owners' model (concurrency 1, as the layer's models
 * do in a transaction), each batch's levels below load before the next batch, as Objection's
 * do; otherwise they are left to `outcome`, for the next level.
 */
async function loadRelationsOf(
  load: GraphLoad,
  { owners, ownerClass, node, parentOptions }: PendingLoad,
  outcome: LevelOutcome,
): Promise<void> {
  if (owners.length === 0 || typeof owners[0] !== 'object' || owners[0] === null) return;
  // Each level's query takes the options of the level above over its own model's defaults.
  const options: GraphOptions = { ...defaultGraphOptionsOf(ownerClass), ...parentOptions };
  const knex = load.knex ?? ownerClass.knex();
  const dialect = knownDialectOf(knex);
  const batchSize = Math.min(
    options.maxBatchSize || load.defaultBatchSize(knex),
    dialect ? valuesWithin(dialect.maxBindings) : Infinity,
  );
  const isDepthFirst = concurrencyOf(ownerClass, knex) === 1;
  const relations = ownerClass.getRelations();
  for (const child of childNodesOf(node)) {
    const relation = eagerRelationOf(relations[child.$relation]!);
    for (let start = 0; start < owners.length; start += batchSize) {
      const batch = owners.slice(start, start + batchSize) as Row[];
      const batchOutcome = isDepthFirst ? { below: [], aliased: outcome.aliased } : outcome;
      await loadBatch(load, batch, relation, child, batchOutcome, options);
      if (isDepthFirst) await loadAll(load, batchOutcome.below, outcome.aliased);
    }
  }
}

/** Loads `level` and every level below it, one level after the other. */
async function loadAll(
  load: GraphLoad,
  level: PendingLoad[],
  aliased: LevelOutcome['aliased'],
): Promise<void> {
  while (level.length > 0) {
    const outcome: LevelOutcome = { below: [], aliased };
    for (const pending of level) await loadRelationsOf(load, pending, outcome);
    level = outcome.below;
  }
}

/**
 * Loads the relations below `node` onto `owners`, rows of `ownerClass`, as Objection's
 * `withGraphFetched` does, level by level: every relation of a level (in expression order, each
 * in batches of owners within Objection's batch size and the dialect's bound-parameter limit)
 * before any relation of the level below, which is the order in which Objection, running the
 * queries of a level at once, sends them (depth-first where it runs one at a time: see
 * `loadRelationsOf`). `parentOptions` are the graph options of the level above (the query's own
 * for the first level).
 *
 * @example
 * await loadLevels(load, eager.graphOptions, users, User, eager.expression.node); // posts, then tags
 */
export async function loadLevels(
  load: GraphLoad,
  parentOptions: GraphOptions | null,
  owners: readonly unknown[],
  ownerClass: ModelClass<Model>,
  node: ExpressionNode,
): Promise<void> {
  const aliased: LevelOutcome['aliased'] = [];
  await loadAll(load, [{ owners, ownerClass, node, parentOptions }], aliased);
  // Objection drops the alias once the levels below are loaded.
  for (const { relatedClass, rows } of aliased) {
    const property = relatedClass.columnNameToPropertyName(ownerKeyAlias(0));
    for (const model of rows) omitProperty(relatedClass, model, property);
  }
}
