import type { Knex } from 'knex';
import type { AnyQueryBuilder, ModelOptions, Relation } from 'objection';
import { chunksOf } from '../../database/chunks';
import { dialectOf } from '../../database/config';
import { isHasMany, isManyToMany, propsOf, singleIdColumnOf, singleKeyOf } from './graph-nodes';
import type { PlannedLevel, PlannedNode } from './upsert-plan';

// Knex writes a multi-row insert on SQLite as `SELECT … UNION ALL SELECT …`, which SQLite
// refuses past 500 terms (its compound-select limit).
const MAX_ROWS_PER_INSERT = 500;

type Row = Record<string, unknown>;

/** Rows grouped by their exact column list, so that a missing column keeps its default. */
function byColumns<T>(items: readonly T[], rowOf: (item: T) => Row): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = Object.keys(rowOf(item)).sort().join(',');
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function rowsPerInsert(knex: Knex, columns: number): number {
  const byBindings = Math.floor(dialectOf(knex).maxBindings / Math.max(1, columns));
  return Math.max(1, Math.min(MAX_ROWS_PER_INSERT, byBindings));
}

/**
 * Inserts `items` in multi-row `INSERT … RETURNING id` statements, one per chunk and column
 * list, and returns the new ids in the order of `items` (both databases return the rows of a
 * multi-row insert in the order of its values).
 */
async function insertReturningIds<T>(
  knex: Knex,
  table: string,
  idColumn: string,
  items: readonly T[],
  rowOf: (item: T) => Row,
): Promise<Map<T, unknown>> {
  const ids = new Map<T, unknown>();
  for (const group of byColumns(items, rowOf).values()) {
    const columns = Object.keys(rowOf(group[0]!)).length;
    for (const chunk of chunksOf(group, rowsPerInsert(knex, columns))) {
      const returned: Row[] = await knex(table).insert(chunk.map(rowOf)).returning(idColumn);
      chunk.forEach((item, index) => ids.set(item, returned[index]?.[idColumn]));
    }
  }
  return ids;
}

function setForeignKey(relation: Relation, { node, parent }: PlannedNode): void {
  if (!parent || !isHasMany(relation)) return;
  const ownerProp = singleKeyOf(relation.ownerProp)!.prop;
  propsOf(node)[singleKeyOf(relation.relatedProp)!.prop] = propsOf(parent)[ownerProp];
}

type WithJoinExtras = Relation & {
  joinTableExtras?: { joinTableCol: string; aliasProp: string }[];
};

function joinExtrasOf(relation: Relation) {
  return (relation as WithJoinExtras).joinTableExtras ?? [];
}

async function insertJoinRows(knex: Knex, relation: Relation, nodes: readonly PlannedNode[]) {
  const ownerProp = singleKeyOf(relation.ownerProp)!.prop;
  const relatedProp = singleKeyOf(relation.relatedProp)!.prop;
  const extras = joinExtrasOf(relation);
  const rows = nodes.map(({ node, parent }) => {
    const row: Row = {
      [singleKeyOf(relation.joinTableOwnerProp)!.col]: propsOf(parent!)[ownerProp],
      [singleKeyOf(relation.joinTableRelatedProp)!.col]: propsOf(node)[relatedProp],
    };
    for (const { joinTableCol, aliasProp } of extras) {
      const value = propsOf(node)[aliasProp];
      if (value !== undefined) row[joinTableCol] = value;
    }
    return row;
  });
  for (const group of byColumns(rows, (row) => row).values()) {
    const columns = Object.keys(group[0]!).length;
    for (const chunk of chunksOf(group, rowsPerInsert(knex, columns))) {
      await knex(relation.joinTable!).insert(chunk);
    }
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
  for (const planned of inserted) {
    if (relation) setForeignKey(relation, planned);
    // The extras go to the join row, not to the related table.
    if (relation)
      planned.node.$omitFromDatabaseJson(joinExtrasOf(relation).map((e) => e.aliasProp));
    planned.node.$validate(undefined, { dataPath: planned.dataPath } as ModelOptions);
  }
  for (const { node } of inserted) await node.$beforeInsert(context);
  const idColumn = singleIdColumnOf(modelClass)!;
  const rows = new Map(inserted.map(({ node }) => [node, node.$toDatabaseJson()]));
  const ids = await insertReturningIds(knex, modelClass.tableName, idColumn, inserted, (item) =>
    rows.get(item.node)!,
  );
  for (const planned of inserted) planned.node.$id(ids.get(planned));
  for (const { node } of inserted) await node.$afterInsert(context);
  if (relation && isManyToMany(relation)) await insertJoinRows(knex, relation, inserted);
}
