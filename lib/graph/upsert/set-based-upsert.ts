import type { AnyQueryBuilder, Model, UpsertGraphOptions } from 'objection';
import { graphUpsertOf, upsertOptionsOf } from '../../objection-internals';
import { upsertOptionsWithPolicies } from '../upsert-policies';
import { setBasedUpsertRefusal } from './coverage';
import { insertLevel } from './insert-nodes';
import { refuseRestrictedRemovals, removeMissingChildren } from './remove-missing';
import { changedNodesOf, updateChangedNodes } from './update-nodes';
import { planUpsert } from './upsert-plan';

/**
 * Carries out a graph upsert with a number of statements that grows with the relation levels of
 * the graph, not with its rows, in the order Objection's upsert writes: missing children removed,
 * new nodes inserted, changed rows updated. Every check that can refuse the upsert (a node that
 * is not a child of its parent, a `restrict`, an invalid changed node) runs before the first
 * write; an invalid new node refuses it at its level, in the upsert's transaction. Resolves to
 * the input models, as Objection's upsert does. See `setBasedUpsertRefusal` for what it covers.
 */
export async function upsertSetBased(
  builder: AnyQueryBuilder,
  objects: Model[],
  options: UpsertGraphOptions,
): Promise<void> {
  const levels = await planUpsert(builder, objects);
  refuseRestrictedRemovals(levels, options);
  const changed = changedNodesOf(levels);
  await removeMissingChildren(builder, levels, options);
  for (const level of levels) await insertLevel(builder, level);
  await updateChangedNodes(builder, changed);
}

/**
 * Makes the graph upsert of `builder` remove missing children by the declared delete policies
 * (`missingChildrenRemoval`), and run set-based (`upsertSetBased`) when it is covered, through
 * Objection's own upsert, given the options the policies call for
 * (`upsertOptionsWithPolicies`), otherwise; decided when the query runs, once every chained call
 * (`allowGraph`, `transacting`, …) is known. Idempotent.
 *
 * @example
 * preferSetBasedUpsert(Shop.query().upsertGraph(shops));
 */
export function preferSetBasedUpsert<B extends AnyQueryBuilder>(builder: B): B {
  const upsert = graphUpsertOf(builder);
  if (!upsert || upsert.run.name === 'runSetBasedWhenCovered') return builder;
  const runThroughObjection = upsert.run.bind(upsert);
  upsert.run = async function runSetBasedWhenCovered(executing: AnyQueryBuilder) {
    const { objects, isArray } = upsert;
    const upsertOpt = upsertOptionsOf(upsert);
    if (setBasedUpsertRefusal(executing, objects, upsertOpt) !== undefined) {
      upsert.upsertOpt = upsertOptionsWithPolicies(executing.modelClass(), objects, upsertOpt);
      return runThroughObjection(executing);
    }
    await upsertSetBased(executing, objects, upsertOpt);
    return isArray ? objects : objects[0];
  };
  return builder;
}
