import type { AnyQueryBuilder, Model, UpsertGraphOptions } from 'objection';
import { type GraphRunReplacement, replaceGraphRun } from '../../objection/graph-write';
import { setBasedUpsertRefusal } from './coverage';
import { lockedRowsById } from './current-rows';
import { idOf } from './graph-nodes';
import { insertLevel } from './insert-nodes';
import { refuseRestrictedRemovals, removeMissingChildren } from './remove-missing';
import { upsertThroughObjection } from './through-objection';
import { changedNodesOf, updateChangedNodes } from './update-nodes';
import { planUpsert } from './upsert-plan';

/**
 * Carries out a graph upsert with a number of statements that grows with the relation levels of
 * the graph, not with its rows, in the order Objection's upsert writes: missing children removed,
 * new nodes inserted, changed rows updated. Every check that can refuse the upsert (a node that
 * is not a child of its parent, a `restrict`, an invalid changed node) runs before the first
 * write; an invalid new node refuses it at its level, in the upsert's transaction. The roots come
 * read (and locked) by the caller, `currentRoots`. Resolves to the input models, as Objection's
 * upsert does. See `setBasedUpsertRefusal` for what it covers.
 */
export async function upsertSetBased(
  builder: AnyQueryBuilder,
  objects: Model[],
  options: UpsertGraphOptions,
  currentRoots: readonly Model[],
): Promise<void> {
  const levels = await planUpsert(builder, objects, currentRoots);
  refuseRestrictedRemovals(levels, options);
  const changed = changedNodesOf(levels);
  await removeMissingChildren(builder, levels, options);
  for (const level of levels) await insertLevel(builder, level);
  await updateChangedNodes(builder, changed);
}

/**
 * The current rows of the roots the graph names by id, locked `FOR UPDATE` in id order (see
 * `lockedRowsById`) before anything of the current graph is read: concurrent upserts, patches and
 * deletes of one root run one after the other, each reading what the one before it committed, and
 * two upserts of overlapping roots take their locks in the same order, so they cannot deadlock.
 */
function lockRoots(builder: AnyQueryBuilder, roots: readonly Model[]): Promise<Model[]> {
  const ids = roots.map(idOf).filter((id) => id !== undefined);
  if (ids.length === 0) return Promise.resolve([]);
  return lockedRowsById(builder.knex(), builder.modelClass(), ids);
}

/**
 * Makes the graph upsert of `builder` lock its roots first (`lockRoots`), remove missing
 * children by the declared delete policies (`missingChildrenRemoval`), and run set-based
 * (`upsertSetBased`) when it is covered, through Objection's own upsert with the layer's rules
 * otherwise (`upsertThroughObjection`); decided when the query runs, once every chained call
 * (`allowGraph`, `transacting`, …) is known. Idempotent.
 *
 * @example
 * preferSetBasedUpsert(Shop.query().upsertGraph(shops));
 */
export function preferSetBasedUpsert<B extends AnyQueryBuilder>(builder: B): B {
  replaceGraphRun(builder, runSetBasedWhenCovered);
  return builder;
}

const runSetBasedWhenCovered: GraphRunReplacement = async (executing, write, objectionRun) => {
  const { objects, isArray } = write;
  const options = write.options();
  const currentRoots = await lockRoots(executing, objects);
  if (setBasedUpsertRefusal(executing, objects, options) !== undefined) {
    return upsertThroughObjection(executing, write, objectionRun, currentRoots);
  }
  await upsertSetBased(executing, objects, options, currentRoots);
  return isArray ? objects : objects[0];
};
