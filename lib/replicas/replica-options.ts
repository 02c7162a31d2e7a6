/** How the layer watches its read replicas and decides which may answer a read. */
export interface ReplicaOptions {
  /** A replica further behind the primary than this is out of rotation until it catches up. */
  maxLagMs: number;
  /** How often each replica's state and lag are checked; a replica out of rotation is retried then. */
  checkIntervalMs: number;
  /** How long a check may take before its replica counts as down. */
  checkTimeoutMs: number;
  /**
   * How long a replica's replayed position, once read, is trusted for a read that must see a
   * write: an older one is read again first (one round trip to the replica).
   */
  positionCacheMs: number;
}

/**
 * A replica 5 s behind is out of rotation; checks every second; positions trusted for 10 ms.
 *
 * @example
 * createDatabase({ url, replicaUrls, replicas: { ...DEFAULT_REPLICA_OPTIONS, maxLagMs: 1000 } });
 */
export const DEFAULT_REPLICA_OPTIONS: Readonly<ReplicaOptions> = {
  maxLagMs: 5000,
  checkIntervalMs: 1000,
  checkTimeoutMs: 1000,
  positionCacheMs: 10,
};

const VARIABLES: Record<keyof ReplicaOptions, string> = {
  maxLagMs: 'DATABASE_REPLICA_MAX_LAG_MS',
  checkIntervalMs: 'DATABASE_REPLICA_CHECK_INTERVAL_MS',
  checkTimeoutMs: 'DATABASE_REPLICA_CHECK_TIMEOUT_MS',
  positionCacheMs: 'DATABASE_REPLICA_POSITION_CACHE_MS',
};

/**
 * The replica options the environment sets (`DATABASE_REPLICA_MAX_LAG_MS`,
 * `DATABASE_REPLICA_CHECK_INTERVAL_MS`, `DATABASE_REPLICA_CHECK_TIMEOUT_MS`,
 * `DATABASE_REPLICA_POSITION_CACHE_MS`, in milliseconds), the defaults for the others; a value
 * that is not a positive integer (the cache may be 0) is a configuration error, reported at once.
 *
 * @example
 * replicaOptionsFromEnv({ DATABASE_REPLICA_MAX_LAG_MS: '2000' }).maxLagMs // 2000
 */
export function replicaOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ReplicaOptions {
  const options = { ...DEFAULT_REPLICA_OPTIONS };
  for (const [key, variable] of Object.entries(VARIABLES) as Array<
    [keyof ReplicaOptions, string]
  >) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    const least = key === 'positionCacheMs' ? 0 : 1;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < least) {
      throw new Error(`${variable}="${raw}" is not a number of milliseconds (at least ${least})`);
    }
    options[key] = value;
  }
  return options;
}

/**
 * The replicas' URLs `DATABASE_REPLICA_URLS` lists, comma-separated (none when it is unset).
 *
 * @example
 * replicaUrlsFromEnv({ DATABASE_REPLICA_URLS: 'postgres://r1/app, postgres://r2/app' }).length // 2
 */
export function replicaUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
}
