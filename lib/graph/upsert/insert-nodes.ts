import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass, Relation } from 'objection';
import { chunkRows, insertReturningIds } from '../insert-rows';
import { validateNode } from '../validate-node';
import { dialectOf } from '../../database/config';
import { coveredJoinTableOf, coveredKeysOf, propsOf, singleIdColumnOf } from './graph-nodes';
import type { PlannedLevel, PlannedNode } from './upsert-plan';

type Row = Record<string, unknown>;

/**
 * Inserts `items` with the shared set-based insert (multi-row `INSERT … RETURNING`, chunked
 * within the dialect's limits) and returns the new id of each item.
 */
async function insertNodes<T>(
  knex: Knex,
  modelClass: ModelClass<Model>,
  idColumn: string,
  items: readonly T[],
  rowOf: (item: T) => Row,
): Promise<Map<T, unknown>> {
  const rows = items.map(rowOf);
  const ids = new Map<T, unknown>();
  for (const [start, end] of chunkRows(rows, dialectOf(knex).insertLimits)) {
    const generated = await insertReturningIds(
      knex,
      modelClass,
      rows.slice(start, end),
      idColumn,
      new Set(),
    );
    generated.forEach((id, index) => ids.set(items[start + index]!, id));
  }
  return ids;
}

function setForeignKey(relation: Relation, { node, parent }: PlannedNode): void {
  if (!parent || coveredJoinTableOf(relation) !== undefined) return;
  const ownerProp = coveredKeysOf(relation).owner.prop;
  propsOf(node)[coveredKeysOf(relation).related.prop] = propsOf(parent)[ownerProp];
}

async function insertJoinRows(knex: Knex, relation: Relation, nodes: readonly PlannedNode[]) {
  const ownerProp = coveredKeysOf(relation).owner.prop;
  const relatedProp = coveredKeysOf(relation).related.prop;
  const { extras } = coveredJoinTableOf(relation)!;
  const rows = nodes.map(({ node, parent }) => {
    const row: Row = {
      [coveredJoinTableOf(relation)!.owner.col]: propsOf(parent!)[ownerProp],
      [coveredJoinTableOf(relation)!.related.col]: propsOf(node)[relatedProp],
    };
    for (const { column, property } of extras) {
      const value = propsOf(node)[property];
      if (value !== undefined) row[column] = value;
    }
    return row;
  });
  for (const [start, end] of chunkRows(rows, dialectOf(knex).insertLimits)) {
    await knex(coveredJoinTableOf(relation)!.table).insert(rows.slice(start, end));
  }
}

/**
 * Inserts the new nodes of one level with as few statements as the database allows: the foreign
 * key set from the parent, each node validated (full schema, with its data path) and given its
 * `$beforeInsert`, then one multi-row insert per chunk, the ids set back on the nodes in input
 * order, `$afterInsert`, and for a many-to-many level one multi-row insert of the join rows with
 * their extras. Parents come before children, so a child's parent has its id by then.
 */
export async function insertLevel(builder: AnyQueryBuilder, level: PlannedLevel): Promise<void> {
  const { modelClass, relation, inserted } = level;
  if (inserted.length === 0) return;
  const knex = builder.knex();
  const context = builder.context();
  const joinTable = relation && coveredJoinTableOf(relation);
  const extraProps = joinTable?.extras.map(({ property }) => property) ?? [];
  for (const planned of inserted) {
    if (relation) setForeignKey(relation, planned);
    // The extras go to the join row, not to the related table.
    if (extraProps.length > 0) planned.node.$omitFromDatabaseJson(extraProps);
    validateNode(planned.node, { dataPath: planned.dataPath });
  }
  for (const { node } of inserted) await node.$beforeInsert(context);
  const idColumn = singleIdColumnOf(modelClass)!;
  const rows = new Map(inserted.map(({ node }) => [node, node.$toDatabaseJson()]));
  const ids = await insertNodes(knex, modelClass, idColumn, inserted, (item) =>
    rows.get(item.node)!,
  );
  for (const planned of inserted) planned.node.$id(ids.get(planned));
  for (const { node } of inserted) await node.$afterInsert(context);
  if (relation && joinTable) await insertJoinRows(knex, relation, inserted);
}
