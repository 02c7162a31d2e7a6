import type { Knex } from 'knex';
import type { Model, ModelClass } from 'objection';
import { DeleteRestrictedError } from '../errors';
import { deletePoliciesOf } from './delete-policies';
import { dependentScope, inScope, type LevelScope } from './level-scope';
import { type LevelRows, PlannedLevel, readLevelRows } from './planned-level';
import { idColumnOf, type Key } from './relation-keys';
import { tableNameOf } from '../objection/query-internals';
import type { Relation } from 'objection';
import { selfCascadeOf, subtreeKeys } from './subtree';

interface Walk {
  transaction: Knex;
  deletedAt: Date;
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

async function countRows(transaction: Knex, scope: LevelScope): Promise<number> {
  const [row] = await transaction(scope.table).where(inScope(transaction, scope)).count({ n: '*' });
  return Number(row?.n ?? 0);
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
  const scope: LevelScope = { table, column: idColumnOf(modelClass), keys: fresh };
  const widened = await readLevelRows(walk.transaction, undefined, modelClass, scope);
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
  const level = new PlannedLevel(modelClass, path, walk.transaction, walk.deletedAt, levelRows);
  if (level.isKnownEmpty) return level;
  const policies = deletePoliciesOf(modelClass);
  for (const { relation, policy } of policies) {
    if (policy !== 'restrict') continue;
    const count = await countRows(walk.transaction, dependentScope(level.scope, relation));
    if (count > 0) {
      const relationPath = [...path, relation.name].join('.');
      throw new DeleteRestrictedError(walk.rootModel.name, relationPath, count);
    }
  }
  for (const declared of policies) {
    const { relation, policy } = declared;
    if (policy === 'cascade' && relation === selfCascade) continue;
    if (policy === 'cascade') {
      const related = relation.relatedModelClass;
      const scope = dependentScope(level.scope, relation);
      const dependents = await readLevelRows(walk.transaction, walk.planned, related, scope);
      level.cascades.push(await planLevel(walk, related, dependents, [...path, relation.name]));
    } else if (policy !== 'restrict') {
      level.detachments.push(declared);
    }
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
 * It sends one COUNT per `restrict` relation and one SELECT per cascade level whose model has a
 * hook that reads rows (or, when the policies reach a table twice, per cascade level); every
 * other level is a subquery over the one above, so the statements grow with the relation
 * levels, never with the rows. It only reads: every
 * `restrict` in the whole tree is checked here, before anything is written, and refuses with a
 * `DeleteRestrictedError` naming the relation path and the dependent rows.
 */
export async function planDelete(
  transaction: Knex,
  modelClass: ModelClass<Model>,
  targets: DeleteTargets,
): Promise<PlannedLevel> {
  const table = tableNameOf(modelClass);
  const walk: Walk = { transaction, deletedAt: new Date(), rootModel: modelClass };
  if (cascadesReachATableTwice(modelClass)) walk.planned = new Map([[table, new Set(targets.ids)]]);
  const scope: LevelScope = { table, column: idColumnOf(modelClass), keys: targets.ids };
  const isKnownEmpty = targets.ids.length === 0;
  return planLevel(walk, modelClass, { scope, rows: targets.rows, isKnownEmpty }, []);
}

/** The levels of a plan in the order their rows are deleted: deepest cascades first. */
export function levelsInDeleteOrder(level: PlannedLevel): PlannedLevel[] {
  return [...level.cascades.flatMap(levelsInDeleteOrder), level];
}
