/** What a PostgreSQL `DATABASE_URL` says about the server behind it. */
export interface PostgresTarget {
  /** The URL for the driver, without the layer's own parameter. */
  url: string;
  /**
   * A pooler in transaction mode (PgBouncer's `pool_mode = transaction`) stands in front: each
   * transaction may run on another server connection, so nothing may rely on session state,
   * and the statement timeout cannot travel as a startup parameter (PgBouncer refuses one it
   * does not know); the server's own setting for the role or database bounds statements then.
   */
  isBehindTransactionPooler: boolean;
}

const PARAMETER = 'pooler';

/**
 * Reads the layer's `pooler=transaction` parameter off a PostgreSQL URL; any other value of it
 * is a configuration error, reported at once.
 *
 * @example
 * postgresTarget('postgres://app@bouncer:6432/shop?pooler=transaction')
 * // { url: 'postgres://app@bouncer:6432/shop', isBehindTransactionPooler: true }
 */
export function postgresTarget(url: string): PostgresTarget {
  const parsed = new URL(url);
  const pooler = parsed.searchParams.get(PARAMETER);
  if (pooler === null) return { url, isBehindTransactionPooler: false };
  if (pooler !== 'transaction') {
    throw new Error(`${PARAMETER}=${pooler} in DATABASE_URL: the one pooler mode is "transaction"`);
  }
  parsed.searchParams.delete(PARAMETER);
  return { url: parsed.toString(), isBehindTransactionPooler: true };
}
