import {
  databaseUrl,
  type DatabaseTimeouts,
  dialectFor,
  maintenanceTimeoutsFromEnv,
  type ReplicaOptions,
  replicaOptionsFromEnv,
  replicaUrlsFromEnv,
  type RetryPolicy,
  retryPolicyFromEnv,
  timeoutsFromEnv,
} from '../../lib';

/** What the server reads from its environment, every value checked. */
export interface ServerSettings {
  /** `PORT` (default 3000; 0 picks a free port). */
  port: number;
  /** `DATABASE_URL` (default: the SQLite file `data/dev.sqlite3`). */
  databaseUrl: string;
  /** `LOG_LEVEL` (default `info`). */
  logLevel: LogLevel;
  /** `DATABASE_POOL_MAX`: PostgreSQL connections at most (default: the dialect's, 10). */
  poolMax: number | undefined;
  /** The `DATABASE_*_TIMEOUT_MS` variables, for requests. */
  timeouts: DatabaseTimeouts;
  /** The same for the migrations and the seed, without a statement limit unless one is set. */
  maintenanceTimeouts: DatabaseTimeouts;
  /** `DATABASE_REPLICA_URLS`: the read replicas, comma-separated (none by default). */
  replicaUrls: string[];
  /** The `DATABASE_REPLICA_*_MS` variables: how replicas are checked and chosen. */
  replicaOptions: ReplicaOptions;
  /** The `DATABASE_RETRY_*` variables: how requests retry transient failures. */
  retry: RetryPolicy;
  /** `NODE_ENV=production`: logs are JSON lines even on a terminal. */
  isProduction: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// Each group's reader, and the variables it reads: checked one variable at a time, so that each
// bad one gets its own line.
const NUMBER_VARIABLES: ReadonlyArray<[(env: NodeJS.ProcessEnv) => unknown, readonly string[]]> = [
  [
    timeoutsFromEnv,
    [
      'DATABASE_ACQUIRE_TIMEOUT_MS',
      'DATABASE_CONNECT_TIMEOUT_MS',
      'DATABASE_STATEMENT_TIMEOUT_MS',
      'DATABASE_BUSY_TIMEOUT_MS',
    ],
  ],
  [
    replicaOptionsFromEnv,
    [
      'DATABASE_REPLICA_MAX_LAG_MS',
      'DATABASE_REPLICA_CHECK_INTERVAL_MS',
      'DATABASE_REPLICA_CHECK_TIMEOUT_MS',
      'DATABASE_REPLICA_POSITION_CACHE_MS',
    ],
  ],
  [
    retryPolicyFromEnv,
    ['DATABASE_RETRY_ATTEMPTS', 'DATABASE_RETRY_INITIAL_DELAY_MS', 'DATABASE_RETRY_MAX_DELAY_MS'],
  ],
];

/** Every bad setting, one line each, found before anything touched the database. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} bad setting(s):\n${problems.join('\n')}`);
    this.name = 'SettingsError';
  }
}

function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integerIn(raw: string, least: number, most: number): number | undefined {
  const value = Number(raw);
  return /^\d+$/.test(raw) && value >= least && value <= most ? value : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether `url` (in `variable`) names a database the layer can open; the reason when not. */
function databaseUrlProblem(url: string, variable = 'DATABASE_URL'): string | undefined {
  try {
    if (dialectFor(url).name === 'sqlite') return undefined;
  } catch (error) {
    return variable === 'DATABASE_URL' ? messageOf(error) : `${variable}: ${messageOf(error)}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${variable} "${url}" is not a URL: postgres://user:password@host:port/database`;
  }
  if (parsed.pathname.length <= 1) {
    return `${variable} "${url}" names no database: postgres://user:password@host:port/database`;
  }
  return undefined;
}

/** What is wrong with the replicas `DATABASE_REPLICA_URLS` lists for the primary `url`. */
function replicaProblems(replicaUrls: readonly string[], url: string): string[] {
  return replicaUrls.flatMap((replicaUrl) => {
    const problem = databaseUrlProblem(replicaUrl, 'DATABASE_REPLICA_URLS');
    if (problem) return [problem];
    if (dialectFor(replicaUrl).name !== 'postgres') {
      return [
        `DATABASE_REPLICA_URLS "${replicaUrl}" is not a PostgreSQL URL: replicas are PostgreSQL streaming replicas`,
      ];
    }
    if (dialectFor(url).name !== 'postgres') {
      return [
        `DATABASE_REPLICA_URLS applies to a PostgreSQL primary only: DATABASE_URL is "${url}"`,
      ];
    }
    return [];
  });
}

/**
 * The server's settings from `env`, all of them checked before the server opens a connection: a
 * `SettingsError` lists every bad one, one line each, saying what it should be.
 *
 * @example
 * settingsFromEnv({ PORT: 'abc' }) // throws: PORT="abc" is not a port: …
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const problems: string[] = [];

  const rawPort = setting(env, 'PORT') ?? '3000';
  const port = integerIn(rawPort, 0, 65535);
  if (port === undefined) {
    problems.push(
      `PORT="${rawPort}" is not a port: an integer from 0 to 65535 (0 picks a free one)`,
    );
  }

  const url = databaseUrl(env.DATABASE_URL);
  const urlProblem = databaseUrlProblem(url);
  if (urlProblem) problems.push(urlProblem);

  const rawLevel = setting(env, 'LOG_LEVEL') ?? 'info';
  const logLevel = LOG_LEVELS.find((level) => level === rawLevel);
  if (!logLevel) {
    problems.push(`LOG_LEVEL="${rawLevel}" is not a log level: one of ${LOG_LEVELS.join(', ')}`);
  }

  const rawPoolMax = setting(env, 'DATABASE_POOL_MAX');
  const poolMax = rawPoolMax === undefined ? undefined : integerIn(rawPoolMax, 1, 1000);
  if (rawPoolMax !== undefined && poolMax === undefined) {
    problems.push(
      `DATABASE_POOL_MAX="${rawPoolMax}" is not a pool size: an integer from 1 to 1000`,
    );
  } else if (poolMax !== undefined && !urlProblem && dialectFor(url).name === 'sqlite') {
    problems.push(
      `DATABASE_POOL_MAX="${rawPoolMax}" applies to PostgreSQL only: SQLite runs on one connection`,
    );
  }

  const replicaUrls = replicaUrlsFromEnv(env);
  if (!urlProblem) problems.push(...new Set(replicaProblems(replicaUrls, url)));

  for (const [read, variables] of NUMBER_VARIABLES) {
    for (const variable of variables) {
      try {
        read({ [variable]: env[variable] });
      } catch (error) {
        problems.push(messageOf(error));
      }
    }
  }

  if (problems.length > 0) throw new SettingsError(problems);
  return {
    port: port!,
    databaseUrl: url,
    logLevel: logLevel!,
    poolMax,
    timeouts: timeoutsFromEnv(env),
    maintenanceTimeouts: maintenanceTimeoutsFromEnv(env),
    replicaUrls,
    replicaOptions: replicaOptionsFromEnv(env),
    retry: retryPolicyFromEnv(env),
    isProduction: env.NODE_ENV === 'production',
  };
}
