import { knex } from 'knex';

// What Node's sockets report when a server cannot be reached or the connection to it breaks.
const SOCKET_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// What knex throws for a query on an instance whose pool was destroyed.
const NO_POOL = 'Unable to acquire a connection';

/**
 * Whether `error` says that there is no usable connection to the database, whichever database:
 * a socket that could not connect or broke, no pooled connection within the pool's acquire
 * timeout (`KnexTimeoutError`, which knex also throws for a query's own `.timeout()`), or no
 * pool at all any more.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof knex.KnexTimeoutError) return true;
  if (error instanceof Error && error.message === NO_POOL) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SOCKET_FAILURES.has(code);
}
