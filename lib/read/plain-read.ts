import { asObjectionDatabaseError } from '../objection/database-errors';
import { mayReadWithoutObjection } from '../objection/model-facts';
import { type Builder, queryFacts } from '../objection/query-facts';

export type { Builder };

export function asBuilder(builder: object): Builder {
  return builder as Builder;
}

/**
 * Whether `builder` is a read that needs nothing of Objection's execution pipeline but building
 * its SQL, running it and making models: a select with Objection's own find operation, no find
 * hooks on the model, no runBefore/runAfter/onError, no explicit result, and operations that
 * only build SQL (where, orderBy, limit, findById, first, …).
 */
export function isPlainRead(builder: Builder): boolean {
  const facts = queryFacts(builder);
  if (!facts.isFind || !facts.hasPlainFindOperation || facts.hasExplicitResult) return false;
  if (!mayReadWithoutObjection(facts.modelClass)) return false;
  if (facts.resultClass !== facts.modelClass || facts.hasRunHooks) return false;
  return facts.operations.every(
    // `first`'s only hook picks the first row, which the fast path does itself.
    ({ name, hasLifecycleHooks }) => name === 'first' || !hasLifecycleHooks,
  );
}

/** Runs a knex query the layer built itself, failing as Objection's execute would. */
export async function runKnexQuery(knexQuery: PromiseLike<unknown>): Promise<unknown> {
  try {
    return await knexQuery;
  } catch (error) {
    throw asObjectionDatabaseError(error);
  }
}
