import { ConcurrentWriteConflictError, DatabaseBusyError, unitOfWork } from '../lib';
import { Shop } from '../models';

/** The README's unit-of-work example: work of the caller's own, retried as the layer's is. */
export async function unitOfWorkExample() {
  const knex = Shop.knex();
  await Shop.query().insert({ name: 'Green Grocer' });

  // #region readme
  // A transaction of its own, run again from the start after a deadlock, a serialization
  // failure or a busy database: up to 10 runs here, then a typed error. The work starts from
  // what it reads in its transaction, never from what an earlier run left in memory.
  const renamed = await unitOfWork(
    knex,
    async (trx) => {
      const shop = await Shop.query(trx).findOne({ name: 'Green Grocer' }).forUpdate();
      return shop!.$query(trx).patchAndFetch({ name: 'Green Grocer & Sons' });
    },
    { retry: { attempts: 10, initialDelayMs: 10, maxDelayMs: 200 } },
  ).catch((error: unknown) => {
    // Typed, whatever the database: 409 after the last run, or 503 with when to try again.
    if (error instanceof ConcurrentWriteConflictError) return `conflict, ${error.attempts} runs`;
    if (error instanceof DatabaseBusyError) return `busy, retry in ${error.retryAfterSeconds} s`;
    throw error;
  });
  // #endregion
  return renamed;
}
