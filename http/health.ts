import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { DatabaseUnavailableError, replicaStatusOf } from '../lib';

function within<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `GET /health`: 200 after a round-trip to the database, 503 when it does not answer in time
 * (a pool waiting for an unreachable server would otherwise hold the probe for a minute). With
 * read replicas it lists each one's state and lag as of its last check; a replica out of
 * rotation makes the status `degraded`, still 200, since the primary answers its reads.
 */
export function health(knex: Knex, timeoutMs = 3000): RequestHandler {
  return async (_req, res) => {
    try {
      await within(knex.raw('select 1'), timeoutMs);
    } catch (error) {
      throw new DatabaseUnavailableError({ cause: error });
    }
    const replicas = replicaStatusOf(knex);
    const isDegraded = replicas?.some((replica) => replica.state !== 'up') ?? false;
    res
      .set('Cache-Control', 'no-store')
      .json({ status: isDegraded ? 'degraded' : 'ok', ...(replicas && { replicas }) });
  };
}
