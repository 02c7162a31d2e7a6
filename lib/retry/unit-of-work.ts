import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { transientError, transientFailureOf, translateError } from '../error-translation';
import { ConcurrentWriteConflictError, DatabaseBusyError, LayerError } from '../errors';
import { isRerunOnPrimary } from '../replicas/replica-failures';
import {
  backoffDelay,
  checkRetryPolicy,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
} from './retry-policy';

// The typed errors a unit of work threw after its last attempt: final, so that a unit of work
// around it (one that calls it outside its own transaction) does not run it all over again.
const gaveUp = new WeakSet<object>();

/**
 * Whether running the failed work again may succeed: the database aborted it for a concurrent
 * write (`conflict`) or did not grant a lock in time (`busy`). Connection failures are not
 * retried: a connection that broke during a COMMIT may have committed.
 */
function retryableFailureOf(error: unknown): 'conflict' | 'busy' | undefined {
  if (typeof error === 'object' && error !== null && gaveUp.has(error)) return undefined;
  if (error instanceof ConcurrentWriteConflictError) return 'conflict';
  if (error instanceof DatabaseBusyError) return 'busy';
  if (error instanceof LayerError) return undefined;
  const failure = transientFailureOf(error);
  return failure === 'unavailable' ? undefined : failure;
}

// One rerun per replica that may fail in turn, and no loop if one keeps failing.
const MAX_REPLICA_RERUNS = 3;

/** What `withRetry` does between two runs of the work. */
export interface RetryOptions {
  /** Runs before each retry, after the wait: put back what the failed run changed in memory. */
  beforeRetry?: () => void;
}

/**
 * Runs `work`, and runs it again after a transient failure a new run may not meet (a deadlock, a
 * serialization failure, a lock not granted in time), up to `policy.attempts` runs with jittered
 * backoff in between. After the last run it fails with `ConcurrentWriteConflictError` (409) or
 * `DatabaseBusyError` (503); any other error comes out at once, as `work` threw it. Use it for
 * work that is safe to repeat: one statement outside a transaction, or a whole transaction
 * (`unitOfWork` does that).
 *
 * @example
 * const shop = await withRetry(() => Shop.query(knex).insert({ name: 'Green Grocer' }));
 */
export async function withRetry<T>(
  work: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  options: RetryOptions = {},
): Promise<T> {
  checkRetryPolicy(policy);
  let replicaReruns = 0;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      // A read replica failed the work (it went away, say): it is out of rotation, and the work
      // runs again at once, on the primary, without counting as an attempt of the policy's.
      if (isRerunOnPrimary(error) && replicaReruns < MAX_REPLICA_RERUNS) {
        replicaReruns += 1;
        attempt -= 1;
        options.beforeRetry?.();
        continue;
      }
      const failure = retryableFailureOf(error);
      if (!failure) throw error;
      if (attempt >= policy.attempts) {
        const cause = error instanceof LayerError ? error.cause : error;
        const final = transientError(failure, cause, attempt);
        gaveUp.add(final);
        throw final;
      }
      await sleep(backoffDelay(policy, attempt));
      options.beforeRetry?.();
    }
  }
}

/** How `unitOfWork` runs its transaction. */
export interface UnitOfWorkOptions extends RetryOptions {
  /** How often and how soon a failed transaction runs again. Default: `DEFAULT_RETRY_POLICY`. */
  retry?: RetryPolicy;
  /** The transaction's settings (`isolationLevel`, `readOnly`), as knex takes them. */
  transaction?: Knex.TransactionConfig;
}

/**
 * Runs `work` as one unit of work: in a transaction of its own on `knex`, committed when `work`
 * resolves and rolled back when it throws, and run again from the start, in a new transaction,
 * after a transient failure (see `withRetry`), so `work` must not keep state of its own across
 * runs. Every error comes out typed (`translateError`).
 *
 * Given a transaction instead (the caller's own), `work` runs once in it: the layer never retries
 * a caller's transaction behind its back, since only the caller knows what it did before. A
 * transient failure comes out typed at once (`attempts: 1`), and the caller's transaction is
 * what may be run again.
 *
 * @example
 * await unitOfWork(knex, async (trx) => {
 *   const shop = await Shop.query(trx).findById(1).forUpdate();
 *   await shop?.$query(trx).patch({ name: 'Renamed' });
 * }, { retry: { attempts: 10, initialDelayMs: 10, maxDelayMs: 200 } });
 */
export async function unitOfWork<T>(
  knex: Knex,
  work: (trx: Knex.Transaction) => Promise<T>,
  options: UnitOfWorkOptions = {},
): Promise<T> {
  try {
    if (knex.isTransaction) return await work(knex as Knex.Transaction);
    return await withRetry(
      () => knex.transaction(work, options.transaction),
      options.retry ?? DEFAULT_RETRY_POLICY,
      options,
    );
  } catch (error) {
    throw translateError(error);
  }
}
