import type { Knex } from 'knex';
import type { Model, ModelClass, Relation } from 'objection';
import { chunksOf, valuesPerStatement } from '../database/chunks';
import { DeleteRestrictedError } from '../errors';
import type { DeletedBatch } from './delete-hooks';
import { type DeclaredDeletePolicy, deletePoliciesOf } from './delete-policies';
import { dependentKeyOf, idColumnOf, ownerKeysOf } from './relation-keys';

/** One level of a planned delete: its rows, and what happens to the rows depending on them. */
export interface PlannedLevel extends DeletedBatch {
  /** The levels these rows cascade to; they are deleted before these rows. */
  cascades: PlannedLevel[];
  /** The nullify and unrelate policies to apply to these rows' dependents. */
  detachments: DeclaredDeletePolicy[];
}

/** The ids already in the plan, per model, so that no row is planned (or hooked) twice. */
type PlannedIds = Map<ModelClass<Model>, Set<unknown>>;

interface Walk {
  transaction: Knex;
  deletedAt: Date;
  /** The model the query deletes, for the error a restriction raises. */
  rootModel: ModelClass<Model>;
  planned: PlannedIds;
}

async function countDependents(walk: Walk, relation: Relation, rows: Model[]): Promise<number> {
  const { table, column } = dependentKeyOf(relation);
  let count = 0;
  for (const keys of chunksOf(ownerKeysOf(relation, rows), valuesPerStatement(walk.transaction))) {
    const [row] = await walk.transaction(table).whereIn(column, keys).count({ n: '*' });
    count += Number(row?.n ?? 0);
  }
  return count;
}

function notYetPlanned(walk: Walk, modelClass: ModelClass<Model>, rows: Model[]): Model[] {
  let ids = walk.planned.get(modelClass);
  if (!ids) walk.planned.set(modelClass, (ids = new Set()));
  const fresh = rows.filter((row) => !ids.has(row.$id()));
  for (const row of fresh) ids.add(row.$id());
  return fresh;
}

/** The dependents of `rows` through `relation`, every column, locked until the commit. */
async function fetchDependents(walk: Walk, relation: Relation, rows: Model[]): Promise<Model[]> {
  const related = relation.relatedModelClass;
  const { table, column } = dependentKeyOf(relation);
  const dependents: Model[] = [];
  for (const keys of chunksOf(ownerKeysOf(relation, rows), valuesPerStatement(walk.transaction))) {
    dependents.push(
      ...(await related
        .query(walk.transaction)
        .whereIn(`${table}.${column}`, keys)
        .orderBy(`${table}.${idColumnOf(related)}`)
        .forUpdate()),
    );
  }
  return notYetPlanned(walk, related, dependents);
}

async function planLevel(
  walk: Walk,
  modelClass: ModelClass<Model>,
  rows: Model[],
  path: string[],
): Promise<PlannedLevel> {
  const level: PlannedLevel = {
    modelClass,
    rows,
    path,
    transaction: walk.transaction,
    deletedAt: walk.deletedAt,
    cascades: [],
    detachments: [],
  };
  if (rows.length === 0) return level;
  const policies = deletePoliciesOf(modelClass);
  for (const { relation, policy } of policies) {
    if (policy !== 'restrict') continue;
    const count = await countDependents(walk, relation, rows);
    if (count > 0) {
      const relationPath = [...path, relation.name].join('.');
      throw new DeleteRestrictedError(walk.rootModel.name, relationPath, count);
    }
  }
  for (const declared of policies) {
    const { relation, policy } = declared;
    if (policy === 'cascade') {
      const dependents = await fetchDependents(walk, relation, rows);
      const childPath = [...path, relation.name];
      level.cascades.push(await planLevel(walk, relation.relatedModelClass, dependents, childPath));
    } else if (policy !== 'restrict') {
      level.detachments.push(declared);
    }
  }
  return level;
}

/**
 * Walks the declared delete policies from `rows`, one query per relation level (chunked only
 * past the database's bound-parameter limit), and returns what deleting them involves. It only
 * reads: every `restrict` in the whole tree is checked here, before anything is written, and
 * refuses with a `DeleteRestrictedError` naming the relation path and the dependent rows.
 */
export async function planDelete(
  transaction: Knex,
  modelClass: ModelClass<Model>,
  rows: Model[],
): Promise<PlannedLevel> {
  const walk: Walk = {
    transaction,
    deletedAt: new Date(),
    rootModel: modelClass,
    planned: new Map(),
  };
  return planLevel(walk, modelClass, notYetPlanned(walk, modelClass, rows), []);
}

/** The levels of a plan in the order their rows are deleted: deepest cascades first. */
export function levelsInDeleteOrder(level: PlannedLevel): PlannedLevel[] {
  return [...level.cascades.flatMap(levelsInDeleteOrder), level];
}
