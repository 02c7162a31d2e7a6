import type { Client } from 'pg';

/** A statement the server did not answer within the deadline; its connection was closed. */
export class NoAnswerError extends Error {
  constructor(
    readonly deadlineMs: number,
    options?: { cause?: unknown },
  ) {
    super(`The database server did not answer within ${deadlineMs} ms`, options);
    this.name = 'NoAnswerError';
  }
}

type QueryCallback = (error: unknown, result: unknown) => void;

/**
 * Gives every statement sent on `client` `deadlineMs` to be answered. A server that stays
 * silent longer (frozen, or cut off without a reset) loses the connection: `client.end()`
 * closes its socket, the statement fails at once with `NoAnswerError`, and knex's pool, which
 * sees the connection end, never hands it out again, so no later request waits behind the
 * unanswered statement. pg's own `query_timeout` fails the statement but keeps the connection,
 * with the statement still pending on it. Statements the server cancels itself
 * (`statement_timeout`, shorter than the deadline) answer in time and keep the connection.
 *
 * Knex sends every statement with a callback as the last argument; anything else (a query
 * stream) is sent unchanged.
 */
export function answerWithin(client: Client, deadlineMs: number): void {
  // The class's method as it is when a statement is sent, so that wrapping it later (as the
  // benchmark's statement counter does) still sees every statement.
  const prototype = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
  const send = (...args: unknown[]) => prototype.query.apply(client, args);
  const query = (...args: unknown[]): unknown => {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback !== 'function') return send(...args);
    let isExpired = false;
    const timer = setTimeout(() => {
      isExpired = true;
      void client.end();
    }, deadlineMs);
    args[last] = (error: unknown, result: unknown) => {
      clearTimeout(timer);
      const reported = isExpired ? new NoAnswerError(deadlineMs, { cause: error }) : error;
      (callback as QueryCallback)(reported, result);
    };
    return send(...args);
  };
  client.query = query as Client['query'];
}
