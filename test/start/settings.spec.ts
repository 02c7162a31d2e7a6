import { expect } from 'chai';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REPLICA_OPTIONS,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUTS,
} from '../../lib';
import { SettingsError, settingsFromEnv } from '../../scripts/start/settings';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    settingsFromEnv(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('Start | settings', () => {
  it('defaults to port 3000, the SQLite file, info logs and the default timeouts', () => {
    expect(settingsFromEnv({})).to.deep.equal({
      port: 3000,
      databaseUrl: DEFAULT_DATABASE_URL,
      logLevel: 'info',
      poolMax: undefined,
      timeouts: DEFAULT_TIMEOUTS,
      maintenanceTimeouts: { ...DEFAULT_TIMEOUTS, statementMs: 0 },
      replicaUrls: [],
      replicaOptions: DEFAULT_REPLICA_OPTIONS,
      retry: DEFAULT_RETRY_POLICY,
      isProduction: false,
    });
  });

  it('reads every setting the environment gives', () => {
    const settings = settingsFromEnv({
      PORT: '8080',
      DATABASE_URL: 'postgres://app@db.internal:5433/shop',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_MAX: '25',
      DATABASE_STATEMENT_TIMEOUT_MS: '10000',
      DATABASE_REPLICA_URLS:
        'postgres://app@replica-1:5432/shop, postgres://app@replica-2:5432/shop',
      DATABASE_REPLICA_MAX_LAG_MS: '2000',
      DATABASE_RETRY_ATTEMPTS: '5',
      NODE_ENV: 'production',
    });

    expect(settings).to.deep.include({
      port: 8080,
      databaseUrl: 'postgres://app@db.internal:5433/shop',
      logLevel: 'warn',
      poolMax: 25,
      isProduction: true,
    });
    expect(settings.timeouts.statementMs).to.equal(10_000);
    expect(settings.maintenanceTimeouts.statementMs).to.equal(10_000);
    expect(settings.replicaUrls).to.deep.equal([
      'postgres://app@replica-1:5432/shop',
      'postgres://app@replica-2:5432/shop',
    ]);
    expect(settings.replicaOptions.maxLagMs).to.equal(2000);
    expect(settings.retry.attempts).to.equal(5);
  });

  it('checks the replicas and the retry policy before anything opens, one line each', () => {
    expect(
      problemsOf({
        DATABASE_URL: 'postgres://app@primary:5432/shop',
        DATABASE_REPLICA_URLS: 'postgres://app@replica:5432, sqlite:replica.sqlite3',
        DATABASE_REPLICA_MAX_LAG_MS: 'soon',
        DATABASE_REPLICA_POSITION_CACHE_MS: '-1',
        DATABASE_RETRY_ATTEMPTS: '0',
        DATABASE_RETRY_MAX_DELAY_MS: '1.5',
      }),
    ).to.deep.equal([
      'DATABASE_REPLICA_URLS "postgres://app@replica:5432" names no database: postgres://user:password@host:port/database',
      'DATABASE_REPLICA_URLS "sqlite:replica.sqlite3" is not a PostgreSQL URL: replicas are PostgreSQL streaming replicas',
      'DATABASE_REPLICA_MAX_LAG_MS="soon" is not a number of milliseconds (at least 1)',
      'DATABASE_REPLICA_POSITION_CACHE_MS="-1" is not a number of milliseconds (at least 0)',
      'DATABASE_RETRY_ATTEMPTS="0" is not a whole number (at least 1)',
      'DATABASE_RETRY_MAX_DELAY_MS="1.5" is not a whole number (at least 0)',
    ]);
  });

  it('refuses replicas for a SQLite primary', () => {
    expect(
      problemsOf({
        DATABASE_URL: 'sqlite:data/dev.sqlite3',
        DATABASE_REPLICA_URLS: 'postgres://app@replica:5432/shop',
      }),
    ).to.deep.equal([
      'DATABASE_REPLICA_URLS applies to a PostgreSQL primary only: DATABASE_URL is "sqlite:data/dev.sqlite3"',
    ]);
  });

  it('says what each bad setting should be, one line each, all of them at once', () => {
    expect(
      problemsOf({
        PORT: 'abc',
        DATABASE_URL: 'mysql://root@localhost/shop',
        LOG_LEVEL: 'loud',
        DATABASE_POOL_MAX: '0',
        DATABASE_ACQUIRE_TIMEOUT_MS: '-5',
        DATABASE_STATEMENT_TIMEOUT_MS: '2.5s',
      }),
    ).to.deep.equal([
      'PORT="abc" is not a port: an integer from 0 to 65535 (0 picks a free one)',
      'DATABASE_URL "mysql://root@localhost/shop" is not supported: use sqlite:<path>, sqlite::memory:, sqlite+better-sqlite3:<path> or postgres://…',
      'LOG_LEVEL="loud" is not a log level: one of fatal, error, warn, info, debug, trace, silent',
      'DATABASE_POOL_MAX="0" is not a pool size: an integer from 1 to 1000',
      'DATABASE_ACQUIRE_TIMEOUT_MS="-5" is not a number of milliseconds (a positive integer)',
      'DATABASE_STATEMENT_TIMEOUT_MS="2.5s" is not a number of milliseconds (a non-negative integer, 0 for no limit)',
    ]);
  });

  it('refuses a port out of range and a PostgreSQL URL that names no database', () => {
    expect(
      problemsOf({ PORT: '70000', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432' }),
    ).to.deep.equal([
      'PORT="70000" is not a port: an integer from 0 to 65535 (0 picks a free one)',
      'DATABASE_URL "postgres://postgres@127.0.0.1:5432" names no database: postgres://user:password@host:port/database',
    ]);
  });

  it('refuses a pool size on SQLite, which runs on one connection', () => {
    expect(problemsOf({ DATABASE_URL: 'sqlite::memory:', DATABASE_POOL_MAX: '4' })).to.deep.equal([
      'DATABASE_POOL_MAX="4" applies to PostgreSQL only: SQLite runs on one connection',
    ]);
  });
});
