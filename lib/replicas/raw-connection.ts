import type { Knex } from 'knex';

/** A statement that did not answer in time on a connection the layer borrowed from a pool. */
export class NoTimelyAnswerError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'NoTimelyAnswerError';
  }
}

/**
 * Runs `ask` on a connection of `client`'s pool, bypassing knex's statement events (the layer's
 * own bookkeeping is not the application's statements), within `timeoutMs`: a connection that
 * did not answer in time is closed rather than handed out again.
 */
export async function askOn<T>(
  client: Knex.Client,
  ask: (connection: unknown) => Promise<T>,
  timeoutMs: number,
): Promise<T> {
  const connection = (await client.acquireConnection()) as { __knex__disposed?: unknown };
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      ask(connection),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new NoTimelyAnswerError(timeoutMs);
          // knex's pool destroys a connection so marked instead of reusing it.
          connection.__knex__disposed = error;
          reject(error);
        }, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await client.releaseConnection(connection);
  }
}
