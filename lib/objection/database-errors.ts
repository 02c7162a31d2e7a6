import { createRequire } from 'node:module';

// Objection turns a driver's error into one of db-errors' classes (`UniqueViolationError`, …,
// which it re-exports) with db-errors' `wrapError`, which it does not. db-errors is Objection's
// dependency, not the layer's: it is loaded from Objection's own modules, so that the classes
// are the very ones Objection exports.
const { wrapError } = createRequire(require.resolve('objection'))('db-errors') as {
  wrapError(error: Error): Error;
};

/**
 * `error` as Objection's execution rejects with it: a database error becomes one of the
 * db-errors classes Objection exports; anything else is left as it is.
 *
 * @example
 * try { await knexQuery; } catch (error) { throw asObjectionDatabaseError(error); }
 */
export function asObjectionDatabaseError(error: unknown): unknown {
  return error instanceof Error ? wrapError(error) : error;
}
