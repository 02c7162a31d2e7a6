import type { Knex } from 'knex';
import { dialectOf } from '../lib';

/**
 * Runs a request's reads in one transaction that sees one snapshot of the database, so that a
 * page, its total and its included relations agree even while others write.
 */
export function inSnapshot<T>(knex: Knex, read: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return knex.transaction(read, dialectOf(knex).snapshotReadTransaction);
}

/** Runs a request's writes in one transaction: all of them happen, or none. */
export function inTransaction<T>(
  knex: Knex,
  write: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return knex.transaction(write);
}
