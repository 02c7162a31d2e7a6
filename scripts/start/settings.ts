import {
  databaseUrl,
  type DatabaseTimeouts,
  dialectFor,
  maintenanceTimeoutsFromEnv,
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
  /** `NODE_ENV=production`: logs are JSON lines even on a terminal. */
  isProduction: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const TIMEOUT_VARIABLES = [
  'DATABASE_ACQUIRE_TIMEOUT_MS',
  'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'DATABASE_BUSY_TIMEOUT_MS',
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

/** Whether `url` names a database the layer can open; the reason when it does not. */
function databaseUrlProblem(url: string): string | undefined {
  try {
    if (dialectFor(url).name === 'sqlite') return undefined;
  } catch (error) {
    return messageOf(error);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `DATABASE_URL "${url}" is not a URL: postgres://user:password@host:port/database`;
  }
  if (parsed.pathname.length <= 1) {
    return `DATABASE_URL "${url}" names no database: postgres://user:password@host:port/database`;
  }
  return undefined;
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

  // One variable at a time, so that each bad one gets its own line.
  for (const variable of TIMEOUT_VARIABLES) {
    try {
      timeoutsFromEnv({ [variable]: env[variable] });
    } catch (error) {
      problems.push(messageOf(error));
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
    isProduction: env.NODE_ENV === 'production',
  };
}
