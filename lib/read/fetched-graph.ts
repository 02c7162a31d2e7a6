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
  omitProperty,
  ownerKeyAlias,
} from './objection-eager';
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
  const isOneToOne = relation.isOneToOne();
  for (const owner of owners) {
    const rows = rowsOf(owner);
    owner[property] = isOneToOne ? (rows?.[0] ?? null) : (rows ?? []);
  }
}

/** Loads `relation` for one batch of owners, then the relations below it for the rows found. */
async function loadBatch(
  load: GraphLoad,
  options: GraphOptions,
  owners: Row[],
  relation: EagerRelation,
  node: ExpressionNode,
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
  const isManyToMany = relation.joinTable !== null;
  const alias = ownerKeyAlias(0);
  const byOwner = groupByOwner(
    related,
    isManyToMany ? (row) => row[alias] : (row) => relation.relatedProp.getProp(row, 0),
  );
  assignToOwners(owners, relation, node.$name, (owner) =>
    byOwner.get(matchKeyOf(relation.ownerProp.getProp(owner, 0))),
  );
  await loadLevel(load, options, related, relatedClass, node);
  // Objection drops the alias once the level below is loaded.
  if (isManyToMany) {
    const property = relatedClass.columnNameToPropertyName(alias);
    for (const model of related) omitProperty(relatedClass, model, property);
  }
}

/**
 * Loads the relations below `node` onto `owners`, rows of `ownerClass`, as Objection's
 * `withGraphFetched` does: relation by relation in expression order, each in batches of owners
 * (Objection's batch size, within the dialect's bound-parameter limit), each batch's rows then
 * loading the level below, so the statements come in Objection's order. `parentOptions` are the
 * graph options of the level above (the query's own for the first level).
 *
 * @example
 * await loadLevel(load, eager.graphOptions, users, User, eager.expression.node); // posts, tags
 */
export async function loadLevel(
  load: GraphLoad,
  parentOptions: GraphOptions | null,
  owners: readonly unknown[],
  ownerClass: ModelClass<Model>,
  node: ExpressionNode,
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
  const relations = ownerClass.getRelations() as unknown as Record<string, EagerRelation>;
  for (const child of childNodesOf(node)) {
    const relation = relations[child.$relation]!;
    for (let start = 0; start < owners.length; start += batchSize) {
      const batch = owners.slice(start, start + batchSize) as Row[];
      await loadBatch(load, options, batch, relation, child);
    }
  }
}
