import { expect } from 'chai';
import { DEFAULT_TIMEOUTS, maintenanceTimeoutsFromEnv, timeoutsFromEnv } from '../../lib';
import { describeEachDialect } from '../support/database';
import { quietKnex } from '../support/faults';

describe('Database | timeouts from the environment', () => {
  it('defaults to waits that answer a frozen database within 5 s', () => {
    expect(timeoutsFromEnv({})).to.deep.equal({
      acquireMs: 2000,
      connectMs: 2000,
      statementMs: 2500,
      busyMs: 1000,
    });
    const { acquireMs, statementMs } = DEFAULT_TIMEOUTS;
    // A request waits for a connection, then for one unanswered statement and its margin.
    expect(acquireMs + statementMs + 500).to.be.at.most(5000);
  });

  it('takes each timeout from its variable', () => {
    expect(
      timeoutsFromEnv({
        DATABASE_ACQUIRE_TIMEOUT_MS: '100',
        DATABASE_CONNECT_TIMEOUT_MS: '200',
        DATABASE_STATEMENT_TIMEOUT_MS: ' 300 ',
        DATABASE_BUSY_TIMEOUT_MS: '400',
      }),
    ).to.deep.equal({ acquireMs: 100, connectMs: 200, statementMs: 300, busyMs: 400 });
  });

  it('refuses a value that is not a positive number of milliseconds, naming the variable', () => {
    for (const value of ['-5', '2.5', '5s', 'soon']) {
      expect(() => timeoutsFromEnv({ DATABASE_STATEMENT_TIMEOUT_MS: value })).to.throw(
        `DATABASE_STATEMENT_TIMEOUT_MS="${value}" is not a number of milliseconds`,
      );
    }
    expect(() => timeoutsFromEnv({ DATABASE_ACQUIRE_TIMEOUT_MS: '0' })).to.throw(
      'DATABASE_ACQUIRE_TIMEOUT_MS="0" is not a number of milliseconds (a positive integer)',
    );
  });

  it('takes a statement timeout of 0 as no limit', () => {
    expect(timeoutsFromEnv({ DATABASE_STATEMENT_TIMEOUT_MS: '0' }).statementMs).to.equal(0);
  });

  it('gives maintenance work (migrations, seeds, the CLI) no statement limit unless one is set', () => {
    expect(maintenanceTimeoutsFromEnv({})).to.deep.equal({ ...DEFAULT_TIMEOUTS, statementMs: 0 });
    expect(
      maintenanceTimeoutsFromEnv({ DATABASE_STATEMENT_TIMEOUT_MS: '60000' }).statementMs,
    ).to.equal(60_000);
  });
});

describeEachDialect('Database | timeouts in force on each connection', (db) => {
  it('sets the timeouts it is given on the database session', async () => {
    const knex = quietKnex(db.dialect.url, {
      ...DEFAULT_TIMEOUTS,
      statementMs: 1234,
      busyMs: 4321,
    });
    try {
      if (db.dialect.name === 'postgres') {
        const result = await knex.raw('SHOW statement_timeout');
        expect(result.rows[0].statement_timeout).to.equal('1234ms');
      } else {
        const [row] = await knex.raw('PRAGMA busy_timeout');
        expect(Object.values(row as object)).to.deep.equal([4321]);
      }
    } finally {
      await knex.destroy();
    }
  });

  // PostgreSQL only: it needs two connections at once.
  if (db.dialect.name === 'postgres') {
    it('sends statements without a limit when the statement timeout is 0', async () => {
      const knex = quietKnex(db.dialect.url, { ...DEFAULT_TIMEOUTS, statementMs: 0 });
      try {
        const result = await knex.raw('SHOW statement_timeout');
        expect(result.rows[0].statement_timeout).to.equal('0');
        // Longer than the default limit and its client-side deadline: nothing cuts it off.
        await knex.raw('SELECT pg_sleep(3.2)');
      } finally {
        await knex.destroy();
      }
    });
  }
});
