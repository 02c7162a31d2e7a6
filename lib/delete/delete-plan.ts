import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Model, ModelClass, Relation } from 'objection';
import { DeleteRestrictedError } from '../errors';
import { type DeclaredDeletePolicy, deletePoliciesOf } from './delete-policies';
import { dependentScope, inScope, type LevelScope } from './level-scope';
import { liveDependents } from './live-dependents';
import { type DeleteRun, type LevelRows, PlannedLevel, readLevelRows } from './planned-level';
import { deletedIdColumnOf, type Key } from './relation-keys';
import { relationFacts } from '../objection/relation-facts';
import { tableNameOf } from '../objection/query-internals';
import { softDeleteOf } from '../soft-delete/soft-delete';
import { selfCascadeOf, subtreeKeys } from './subtree';

interface Walk extends DeleteRun {
  /** The model the query deletes, for the error a restriction raises. */
  rootModel: ModelClass<Model>;
  /**
   * The ids planned so far, per table, when the policies can reach a table twice (a cycle, or
   * two paths to one table): every level's ids are then read, and a row already planned is left
   * out, so that no row is hooked twice and a cycle ends. Unset otherwise.
   */
  planned?: Map<string, Set<Key>>;
}

const reachesTwice = new WeakMap<ModelClass<Model>, boolean>();

/** Whether the cascades declared from `modelClass` reach some table more than once. */
function cascadesReachATableTwice(modelClass: ModelClass<Model>): boolean {
  let answer = reachesTwice.get(modelClass);
  if (answer === undefined) {
    const seen = new Set<string>();
    const reachesTwiceFrom = (model: ModelClass<Model>): boolean => {
      const table = tableNameOf(model);
      if (seen.has(table)) return true;
      seen.add(table);
      return deletePoliciesOf(model).some(
        ({ relation, policy }) =>
          policy === 'cascade' && reachesTwiceFrom(relation.relatedModelClass),
      );
    };
    answer = reachesTwiceFrom(modelClass);
    reachesTwice.set(modelClass, answer);
  }
  return answer;
}

/**
 * How many rows depend on `level`'s rows through `relation`, and how many of them are live (see
 * `liveDependents`): one COUNT.
 */
async function countDependents(
  level: PlannedLevel,
  relation: Relation,
): Promise<{ all: number; live: number }> {
  const { transaction } = level;
  const dependents = dependentScope(level.scope, relation);
  const counts = transaction(dependents.table).where(inScope(transaction, dependents));
  const live = liveDependents(transaction, counts, relation, dependents);
  counts.count({ all: '*' });
  if (live) counts.select(transaction.raw('count(case when ? then 1 end) as live', [live]));
  const [row] = (await counts) as Array<{ all?: unknown; live?: unknown }>;
  const all = Number(row?.all ?? 0);
  return { all, live: live ? Number(row?.live ?? 0) : all };
}

async function planCascade(
  walk: Walk,
  level: PlannedLevel,
  relation: Relation,
  deletedRows: 'live' | 'withDeleted' | 'onlyDeleted',
): Promise<void> {
  const related = relation.relatedModelClass;
  const scope = dependentScope(level.scope, relation);
  const dependents = await readLevelRows(
    walk.transaction,
    walk.planned,
    related,
    scope,
    deletedRows,
  );
  level.cascades.push(await planLevel(walk, related, dependents, [...level.path, relation.name]));
}

/**
 * What one declared policy does to the dependents of `level`'s rows. A soft delete soft-deletes
 * the live dependents a `cascade` reaches when their model is soft-deletable, leaves the others
 * alone (they still have their parent row), and leaves `nullify` and `unrelate` dependents as
 * they are, so that a restore finds them linked. A hard delete cascades to every dependent,
 * soft-deleted or not, and removes with the row the soft-deleted dependents a `restrict`
 * ignored (their join rows, for a many-to-many relation).
 */
async function planPolicy(
  walk: Walk,
  level: PlannedLevel,
  declared: DeclaredDeletePolicy,
): Promise<void> {
  const { relation, policy } = declared;
  const isSoftDeletable = softDeleteOf(relation.relatedModelClass) !== undefined;
  if (policy === 'cascade') {
    if (!walk.isSoft) await planCascade(walk, level, relation, 'withDeleted');
    else if (isSoftDeletable) await planCascade(walk, level, relation, 'live');
  } else if (policy === 'restrict') {
    if (walk.isSoft || !isSoftDeletable || !level.restrictedDeleted.has(relation.name)) return;
    if (relationFacts(relation).kind === 'manyToMany') {
      level.detachments.push({ relation, policy: 'unrelate' });
    } else {
      await planCascade(walk, level, relation, 'onlyDeleted');
    }
  } else if (!walk.isSoft) {
    level.detachments.push(declared);
  }
}

/** A level widened to the whole subtree below its rows (see `selfCascadeOf`): one statement. */
async function subtreeRows(
  walk: Walk,
  modelClass: ModelClass<Model>,
  levelRows: LevelRows,
  selfCascade: Relation,
): Promise<LevelRows> {
  const keys = await subtreeKeys(walk.transaction, levelRows.scope, selfCascade);
  const table = tableNameOf(modelClass);
  const planned = walk.planned?.get(table);
  const fresh = planned
    ? keys.filter((key) => !planned.has(key) || levelHas(levelRows, key))
    : keys;
  for (const key of fresh) planned?.add(key);
  const scope: LevelScope = { table, column: deletedIdColumnOf(modelClass), keys: fresh };
  const deletedRows = walk.isSoft ? 'live' : 'withDeleted';
  const widened = await readLevelRows(walk.transaction, undefined, modelClass, scope, deletedRows);
  return { ...widened, isKnownEmpty: fresh.length === 0 };
}

function levelHas(levelRows: LevelRows, key: Key): boolean {
  const { keys } = levelRows.scope;
  return typeof keys !== 'function' && keys.includes(key);
}

async function planLevel(
  walk: Walk,
  modelClass: ModelClass<Model>,
  levelRows: LevelRows,
  path: string[],
): Promise<PlannedLevel> {
  const selfCascade = selfCascadeOf(modelClass);
  if (selfCascade && !levelRows.isKnownEmpty) {
    levelRows = await subtreeRows(walk, modelClass, levelRows, selfCascade);
  }
  const level = new PlannedLevel(modelClass, path, walk, levelRows);
  if (level.isKnownEmpty) return level;
  const policies = deletePoliciesOf(modelClass);
  for (const { relation, policy } of policies) {
    if (policy !== 'restrict') continue;
    const { all, live } = await countDependents(level, relation);
    if (live > 0) {
      const relationPath = [...path, relation.name].join('.');
      throw new DeleteRestrictedError(walk.rootModel.name, relationPath, live);
    }
    if (all > 0) level.restrictedDeleted.add(relation.name);
  }
  for (const declared of policies) {
    // The subtree is already this level's rows: its own cascade has nothing left to reach.
    if (declared.policy === 'cascade' && declared.relation === selfCascade) continue;
    await planPolicy(walk, level, declared);
  }
  return level;
}

/** The rows a delete query targets: their ids, and the rows themselves when they were read. */
export interface DeleteTargets {
  ids: Key[];
  rows?: Model[];
}

/**
 * Walks the declared delete policies from the `targets` and returns what deleting them involves.
 * It sends one COUNT per `restrict` relation (of the live dependents only) and one SELECT per
 * cascade level whose model has a hook that reads rows or is soft-deletable (or, when the
 * policies reach a table twice, per cascade level); every other level is a subquery over the one
 * above, so the statements grow with the relation levels, never with the rows. It only reads:
 * every `restrict` in the whole tree is checked here, before anything is written, and refuses
 * with a `DeleteRestrictedError` naming the relation path and the dependent rows. `isSoft` plans
 * a soft delete (see `planPolicy` for what each policy then does).
 */
export async function planDelete(
  transaction: Knex,
  modelClass: ModelClass<Model>,
  targets: DeleteTargets,
  isSoft = false,
): Promise<PlannedLevel> {
  const table = tableNameOf(modelClass);
  const walk: Walk = {
    transaction,
    deletedAt: new Date(),
    isSoft,
    deletionId: isSoft ? randomUUID() : undefined,
    rootModel: modelClass,
  };
  if (cascadesReachATableTwice(modelClass)) walk.planned = new Map([[table, new Set(targets.ids)]]);
  const scope: LevelScope = { table, column: deletedIdColumnOf(modelClass), keys: targets.ids };
  const isKnownEmpty = targets.ids.length === 0;
  return planLevel(walk, modelClass, { scope, rows: targets.rows, isKnownEmpty }, []);
}

/** The levels of a plan in the order their rows are deleted: deepest cascades first. */
export function levelsInDeleteOrder(level: PlannedLevel): PlannedLevel[] {
  return [...level.cascades.flatMap(levelsInDeleteOrder), level];
}
