import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import {
  DatabaseUnavailableError,
  DEFAULT_TIMEOUTS,
  knexConfig,
  maintenanceTimeoutsFromEnv,
  migrateExclusively,
  translateError,
} from '../../lib';
import { demoKnexConfig } from '../../demo';
import { Shop } from '../../models';
import {
  type RunningPgBouncer,
  startPgBouncer,
  whyNoPgBouncer,
} from '../../scripts/local-postgres/pgbouncer';
import type { ReplicaPair } from '../../scripts/local-postgres/replica-pair';
import { whyNoReplicaPair } from '../../scripts/local-postgres/replica-pair';
import { request, testApp } from '../support/http';
import { sharedReplicaPair } from '../support/replica-pair';

const DATABASE = 'bounced';

async function onServer<T>(url: string, work: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = knexFactory(knexConfig(url));
  try {
    return await work(knex);
  } finally {
    await knex.destroy();
  }
}

describe('[pooler] PgBouncer in transaction mode', function () {
  let pair: ReplicaPair;
  let bouncer: RunningPgBouncer;
  let knex: Knex;
  const direct = () => pair.primaryUrl.replace(/\/layer$/, `/${DATABASE}`);
  const pooled = () => `${bouncer.urlOf(DATABASE)}?pooler=transaction`;

  before(async function () {
    this.timeout(120_000);
    const reason = whyNoPgBouncer() ?? whyNoReplicaPair();
    if (reason && process.env.CI !== 'true') {
      console.warn(`PgBouncer specs pending: ${reason}`);
      this.skip();
    }
    // The pair's primary is a server of the suite's own: a fresh database there, each run.
    pair = await sharedReplicaPair();
    await onServer(pair.primaryUrl, async (admin) => {
      await admin.raw(`DROP DATABASE IF EXISTS ${DATABASE}`);
      await admin.raw(`CREATE DATABASE ${DATABASE}`);
    });
    // Two server connections that every client connection's transactions take turns on.
    bouncer = await startPgBouncer({ serverPort: pair.primaryPort, poolSize: 2 });
  });

  after(async () => {
    await knex?.destroy();
    await bouncer?.stop();
  });

  it('refuses a connection that sends the statement timeout as a startup parameter, as PgBouncer does', async () => {
    const error = await onServer(bouncer.urlOf(DATABASE), (plain) => plain.raw('select 1')).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(String(error)).to.match(/unsupported startup parameter: statement_timeout/);
  });

  it('migrates through it, several processes at once: one migrates, the others find nothing to do', async () => {
    const migrators = [1, 2, 3].map(() =>
      knexFactory(demoKnexConfig(pooled(), maintenanceTimeoutsFromEnv({}))),
    );
    try {
      const runs = await Promise.all(
        migrators.map((migrator) => migrateExclusively(migrator, async () => undefined)),
      );
      const counts = runs.map((run) => run.migrations.length).sort();

      expect(counts[0]).to.equal(0);
      expect(counts[1]).to.equal(0);
      expect(counts[2]).to.be.greaterThan(0);
    } finally {
      await Promise.all(migrators.map((migrator) => migrator.destroy()));
    }
  });

  it('serves the REST API’s reads and writes through it, concurrent requests sharing two server connections', async () => {
    knex = knexFactory(knexConfig(pooled()));
    const app = testApp(knex);

    const created = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        request(app)
          .post('/shops')
          .send({ name: `Shop ${n}`, products: [{ name: `Product ${n}`, price: n + 1 }] }),
      ),
    );
    const ids = created.map((response) => (response.body as { id: number }).id);
    const [list, one, patched, replaced] = await Promise.all([
      request(app).get('/shops?include=products&limit=100'),
      request(app).get(`/shops/${ids[0]}?include=products`),
      request(app).patch(`/shops/${ids[1]}`).send({ name: 'Patched' }),
      request(app)
        .put(`/shops/${ids[2]}`)
        .send({ name: 'Replaced', products: [{ name: 'New', price: 9 }] }),
    ]);
    const removed = await request(app).delete(`/shops/${ids[3]}`);

    expect(created.map((response) => response.status)).to.deep.equal(Array(12).fill(201));
    expect(list.status).to.equal(200);
    expect((list.body as { data: unknown[] }).data).to.have.length(12);
    expect(one.body).to.nested.include({ 'products[0].name': 'Product 0' });
    expect([patched.status, replaced.status, removed.status]).to.deep.equal([200, 200, 204]);
    const names = (await Shop.query(knex).orderBy('id')).map((shop) => shop.name);
    expect(names).to.have.length(11);
    expect(names).to.include.members(['Patched', 'Replaced']);
  });

  it('leaves no session state on the server connections: no settings, prepared statements or advisory locks', async () => {
    knex ??= knexFactory(knexConfig(pooled()));
    const settings = await Promise.all(
      [1, 2, 3, 4].map(() =>
        knex.raw<{ rows: Array<Record<string, string>> }>(
          `select current_setting('transaction_read_only') as read_only,
                  current_setting('transaction_isolation') as isolation,
                  (select count(*) from pg_prepared_statements)::int as prepared`,
        ),
      ),
    );
    const advisoryLocks = await onServer(direct(), (server) =>
      server('pg_locks').where({ locktype: 'advisory' }).count({ count: '*' }),
    );

    expect(settings.map(({ rows }) => rows[0])).to.deep.equal(
      Array(4).fill({ read_only: 'off', isolation: 'read committed', prepared: 0 }),
    );
    expect(advisoryLocks).to.deep.equal([{ count: 0 }]);
  });

  it('bounds a statement without the startup parameter: no answer in time is a 503 within the deadline', async () => {
    const limited = knexFactory(knexConfig(pooled(), { ...DEFAULT_TIMEOUTS, statementMs: 300 }));
    const started = Date.now();
    try {
      const error = await limited.raw('select pg_sleep(3)').then(
        () => undefined,
        (thrown: unknown) => translateError(thrown),
      );

      expect(error).to.be.instanceOf(DatabaseUnavailableError);
      expect(Date.now() - started).to.be.lessThan(2000);
    } finally {
      await limited.destroy();
    }
  });

  it('refuses a pooler mode it does not know, before connecting', () => {
    expect(() => knexConfig('postgres://app@127.0.0.1:6432/shop?pooler=session')).to.throw(
      /pooler=session in DATABASE_URL: the one pooler mode is "transaction"/,
    );
  });
});
