/**
 * How a unit of work is retried after a transient failure (a deadlock, a serialization
 * failure, a lock not granted in time): how many times it runs at most, and how long it waits
 * before each new run. The wait is drawn at random between 0 and a cap that doubles from
 * `initialDelayMs` up to `maxDelayMs` ("full jitter"), so that the units that collided do not
 * collide again in step.
 */
export interface RetryPolicy {
  /** How many times the unit of work runs at most, the first run included; 1 never retries. */
  attempts: number;
  /** The cap of the wait before the first retry; it doubles for each later one. */
  initialDelayMs: number;
  /** The largest cap of any wait. */
  maxDelayMs: number;
}

/**
 * Four runs at most, the waits between them capped at 20, 40 and 80 ms: a deadlock or a
 * busy SQLite file that outlasts them is answered with a typed error within about 5 s (each run
 * may itself wait for a lock, up to the statement or busy timeout).
 *
 * @example
 * class Ledger extends BaseModel {
 *   static override retryPolicy = { ...DEFAULT_RETRY_POLICY, attempts: 8 };
 * }
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  attempts: 4,
  initialDelayMs: 20,
  maxDelayMs: 500,
};

/**
 * The wait before retry number `retry` (1 for the first retry), in milliseconds.
 *
 * @example
 * backoffDelay(DEFAULT_RETRY_POLICY, 3) // between 0 and 80
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}

const isDelay = (value: number) => Number.isFinite(value) && value >= 0;

/** Refuses a policy that could not run or would never stop. */
export function checkRetryPolicy(policy: RetryPolicy): void {
  const { attempts, initialDelayMs, maxDelayMs } = policy;
  if (!Number.isSafeInteger(attempts) || attempts < 1) {
    throw new Error(`RetryPolicy.attempts must be a positive integer, not ${attempts}`);
  }
  if (!isDelay(initialDelayMs) || !isDelay(maxDelayMs)) {
    throw new Error(
      `RetryPolicy.initialDelayMs and maxDelayMs must be non-negative numbers, not ${initialDelayMs} and ${maxDelayMs}`,
    );
  }
}

/**
 * The retry policy of the units of work a model's queries open: its static `retryPolicy`, or
 * `DEFAULT_RETRY_POLICY`.
 *
 * @example
 * retryPolicyOf(Shop) // DEFAULT_RETRY_POLICY unless Shop declares its own
 */
export function retryPolicyOf(modelClass: object): RetryPolicy {
  return (modelClass as { retryPolicy?: RetryPolicy }).retryPolicy ?? DEFAULT_RETRY_POLICY;
}

const VARIABLES: Record<keyof RetryPolicy, string> = {
  attempts: 'DATABASE_RETRY_ATTEMPTS',
  initialDelayMs: 'DATABASE_RETRY_INITIAL_DELAY_MS',
  maxDelayMs: 'DATABASE_RETRY_MAX_DELAY_MS',
};

/**
 * The retry policy the environment sets for the server's requests (`DATABASE_RETRY_ATTEMPTS`,
 * `DATABASE_RETRY_INITIAL_DELAY_MS`, `DATABASE_RETRY_MAX_DELAY_MS`), `DEFAULT_RETRY_POLICY`'s
 * values for the others: engines that ask clients to retry often (CockroachDB, YugabyteDB
 * answer contention with 40001) want more attempts. A value that is not a whole number (at
 * least 1 attempt) is a configuration error, reported at once.
 *
 * @example
 * retryPolicyFromEnv({ DATABASE_RETRY_ATTEMPTS: '10' }) // { attempts: 10, initialDelayMs: 20, maxDelayMs: 500 }
 */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY };
  for (const [key, variable] of Object.entries(VARIABLES) as Array<[keyof RetryPolicy, string]>) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    const least = key === 'attempts' ? 1 : 0;
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < least) {
      throw new Error(`${variable}="${raw}" is not a whole number (at least ${least})`);
    }
    policy[key] = value;
  }
  return policy;
}
