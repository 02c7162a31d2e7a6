import { asObjectionDatabaseError } from '../objection/database-errors';
import type { Model, ModelClass } from 'objection';
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
 * only build SQL (where, orderBy, limit, findById, first, …), apart from those `isHandled`
 * accepts because the caller does their work itself.
 */
export function isPlainRead(
  builder: Builder,
  isHandled: (operation: object) => boolean = () => false,
): boolean {
  const facts = queryFacts(builder);
  if (!facts.isFind || !facts.hasPlainFindOperation || facts.hasExplicitResult) return false;
  if (!mayReadWithoutObjection(facts.modelClass)) return false;
  if (facts.resultClass !== facts.modelClass || facts.hasRunHooks) return false;
  return facts.operations.every(
    // `first`'s only hook picks the first row, which the fast paths do themselves.
    ({ name, hasLifecycleHooks, operation }) =>
      name === 'first' || !hasLifecycleHooks || isHandled(operation),
  );
}

/** Builds `builder`'s SQL as Objection does (build hooks included) and runs it: the raw rows. */
export async function runBuiltQuery(builder: Builder): Promise<unknown> {
  try {
    return await builder.toKnexQuery();
  } catch (error) {
    throw asObjectionDatabaseError(error);
  }
}

/** Runs a knex query the layer built itself, failing as Objection's execute would. */
export async function runKnexQuery(knexQuery: PromiseLike<unknown>): Promise<unknown> {
  try {
    return await knexQuery;
  } catch (error) {
    throw asObjectionDatabaseError(error);
  }
}

/**
 * Turns the rows of a read into models of `modelClass` in place, as Objection's execute does:
 * all of them, when the first is not a model already.
 */
export function toModels(rows: unknown, modelClass: ModelClass<Model>): void {
  if (!Array.isArray(rows) || rows.length === 0) return;
  const first: unknown = rows[0];
  if (typeof first !== 'object' || first === null || first instanceof modelClass) return;
  for (let i = 0; i < rows.length; i++) rows[i] = modelClass.fromDatabaseJson(rows[i]);
}
