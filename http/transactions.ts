import type { Knex } from 'knex';
import { dialectOf, unitOfWork } from '../lib';
import { settleWritePosition } from './consistency';
import type { ResolvedOptions } from './options';

/**
 * Runs a request's reads in one transaction that sees one snapshot of the database, so that a
 * page, its total and its included relations agree even while others write. A transient
 * failure runs it again, as `options.retry` says.
 */
export function inSnapshot<T>(
  options: ResolvedOptions,
  read: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  const transaction = dialectOf(options.knex).snapshotReadTransaction;
  return unitOfWork(options.knex, read, { retry: options.retry, transaction });
}

/**
 * Runs a request's writes in one transaction: all of them happen, or none. A deadlock, a
 * serialization failure or a busy database runs the whole transaction again, as
 * `options.retry` says, so `write` starts from the request alone every time.
 */
export async function inTransaction<T>(
  options: ResolvedOptions,
  write: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  const written = await unitOfWork(options.knex, write, { retry: options.retry });
  // With read replicas, the response tells the client where its next reads must be.
  await settleWritePosition();
  return written;
}
