import { expect } from 'chai';
import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Response, Test } from 'supertest';
import { describeEachDialect } from '../support/database';
import { expectRetryLater, quietKnex, timed } from '../support/faults';
import { request, testApp } from '../support/http';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

// The backends the API under test opens carry this name, so that terminating them leaves every
// other session of the test database (and of the server) alone.
const APPLICATION_NAME = 'relational_layer_faults_under_test';

/** One request per kind of route: a page, a row, a create, a replace, a delete, the probe. */
const ROUTES: Array<[label: string, send: (app: Express) => Test]> = [
  ['GET /shops', (app) => request(app).get('/shops?include=products')],
  ['GET /shops/1', (app) => request(app).get('/shops/1?include=products')],
  ['POST /customers', (app) => request(app).post('/customers').send({ name: 'Dora' })],
  ['PUT /authors/1', (app) => request(app).put('/authors/1').send({ name: 'Jane Austen' })],
  ['DELETE /books/1', (app) => request(app).delete('/books/1')],
  ['GET /health', (app) => request(app).get('/health')],
];

const SUCCESS: Record<string, number> = {
  'GET /shops': 200,
  'GET /shops/1': 200,
  'POST /customers': 201,
  'PUT /authors/1': 200,
  'DELETE /books/1': 204,
  'GET /health': 200,
};

// The database away: a TCP proxy of the test's own between the API and PostgreSQL is frozen or
// cut, and the API's own backends are terminated; the server itself is never touched.
describeEachDialect('Faults | the database away: 503 within 5 s, then recovery', (db) => {
  if (db.dialect.name !== 'postgres') return;

  let proxy: TcpProxy;
  let knex: Knex;
  let app: Express;

  beforeEach(async () => {
    await db.knex.seed.run();
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(db.dialect.url).port) });
    const url = new URL(proxy.urlFor(db.dialect.url));
    url.searchParams.set('application_name', APPLICATION_NAME);
    knex = quietKnex(url.toString());
    app = testApp(knex);
    // Several pooled connections, idle when the fault strikes: the ones a fault poisons.
    await Promise.all(Array.from({ length: 6 }, () => request(app).get('/shops').expect(200)));
  });

  afterEach(async () => {
    await proxy.close();
    await knex.destroy();
  });

  /** Every route at once: each answer, and how long it took. */
  function everyRoute(): Promise<Array<{ label: string; response: Response; ms: number }>> {
    return Promise.all(
      ROUTES.map(async ([label, send]) => ({ label, ...(await timed(() => send(app))) })),
    );
  }

  async function expectEveryRouteUnavailable(): Promise<void> {
    for (const { label, response, ms } of await everyRoute()) {
      expectRetryLater(response, 'DATABASE_UNAVAILABLE');
      expect(ms, `${label} answered after ${Math.round(ms)} ms`).to.be.at.most(5000);
    }
  }

  async function expectEveryRouteServed(): Promise<void> {
    for (const [label, send] of ROUTES) {
      const response = await send(app);
      expect(response.status, `${label}: ${response.text}`).to.equal(SUCCESS[label]);
    }
  }

  it('answers 503 DATABASE_UNAVAILABLE within 5 s on every route while the server is frozen', async function () {
    this.timeout(30_000);
    await proxy.setMode('frozen');

    await expectEveryRouteUnavailable();

    await proxy.setMode('open');
    await expectEveryRouteServed();
  });

  it('answers 503 DATABASE_UNAVAILABLE on every route while the server refuses connections', async function () {
    this.timeout(30_000);
    await proxy.setMode('refusing');

    await expectEveryRouteUnavailable();

    await proxy.setMode('open');
    await expectEveryRouteServed();
  });

  it('never reuses a connection that stopped answering: after a freeze every request is served', async function () {
    this.timeout(30_000);
    await proxy.setMode('frozen');
    await Promise.all(Array.from({ length: 12 }, () => request(app).get('/shops')));
    await proxy.setMode('open');

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => timed(() => request(app).get('/shops/2'))),
    );

    expect(answers.map(({ response }) => response.status)).to.deep.equal(Array(20).fill(200));
    expect(Math.max(...answers.map(({ ms }) => ms))).to.be.below(2000);
  });

  it('answers 20+ concurrent requests while its backends are terminated without a single 500', async function () {
    this.timeout(60_000);
    const statuses: Record<string, number> = {};
    const created: string[] = [];
    const until = Date.now() + 3000;
    const worker = async (index: number) => {
      for (let turn = 0; turn < 200 && Date.now() < until; turn += 1) {
        const name = `Load ${index}-${turn}`;
        const response =
          index % 3 === 0
            ? await request(app).post('/customers').send({ name })
            : index % 3 === 1
              ? await request(app).put('/authors/2').send({ name: 'George Orwell', books: [] })
              : await request(app).get('/shops?include=products.orders');
        const key = `${response.status} ${response.body?.code ?? ''}`.trim();
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (response.status === 503) expectRetryLater(response, 'DATABASE_UNAVAILABLE');
        if (response.status === 201) created.push(name);
      }
    };
    const terminate = async () => {
      for (let round = 0; round < 30 && Date.now() < until; round += 1) {
        await db.knex.raw(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = ?`,
          [APPLICATION_NAME],
        );
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    };

    await Promise.all([...Array.from({ length: 24 }, (_, index) => worker(index)), terminate()]);

    const failures = Object.keys(statuses).filter((key) => !/^(200|201|503)\b/.test(key));
    expect(failures, JSON.stringify(statuses)).to.deep.equal([]);
    expect(statuses['503 DATABASE_UNAVAILABLE'], JSON.stringify(statuses)).to.be.above(0);
    const stored = await db.knex('customers').whereIn('name', created).pluck('name');
    expect(stored.sort()).to.deep.equal([...created].sort());
    await expectEveryRouteServed();
  });
});
