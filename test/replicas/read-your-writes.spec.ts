import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory, { type Knex } from 'knex';
import { CONSISTENT_AFTER } from '../../http/consistency';
import { checkReplicas, knexConfig, parseWalPosition, withConsistency } from '../../lib';
import { Shop } from '../../models';
import { expectProblem, request, testApp } from '../support/http';
import { expectDocumented } from '../support/raw-answers';
import {
  describeWithReplicaPair,
  emptyPair,
  openRouted,
  replicaCaughtUp,
  StatementsByPort,
} from '../support/replica-pair';

// The replica replays each commit 1 s after the primary made it: lag the tests can rely on.
const APPLY_DELAY_MS = 1000;

const readsShops = (sql: string) => /^select .*\bfrom "shops"/.test(sql);

describeWithReplicaPair('Replicas | read-your-writes by WAL position', (pair) => {
  let knex: Knex;
  let statements: StatementsByPort;
  const shopReadsOn = (port: number) => statements.sqlOf(port).filter(readsShops).length;
  const onReplica = () => shopReadsOn(pair().replicaPort);
  const onPrimary = () => shopReadsOn(pair().primaryPort);

  before(async () => {
    await pair().setApplyDelay(APPLY_DELAY_MS);
  });

  after(async () => {
    await pair().setApplyDelay(0);
  });

  beforeEach(async () => {
    await emptyPair(pair());
    await replicaCaughtUp(pair());
    knex = openRouted(pair(), { replicas: { checkIntervalMs: 60_000 } });
    await checkReplicas(knex);
    statements = new StatementsByPort();
  });

  afterEach(async () => {
    statements.uninstall();
    await knex.destroy();
  });

  it('reads its own write from the primary while the replica lags, from the replica once it has it', async () => {
    await withConsistency(async () => {
      const created = await Shop.query(knex).insert({ name: 'Spice Market' });

      statements.reset();
      const whileLagging = await Shop.query(knex).findById(created.id);
      expect(whileLagging?.name).to.equal('Spice Market');
      expect({ replica: onReplica(), primary: onPrimary() }).to.deep.equal({
        replica: 0,
        primary: 1,
      });

      await replicaCaughtUp(pair());
      statements.reset();
      const caughtUp = await Shop.query(knex).findById(created.id);
      expect(caughtUp?.name).to.equal('Spice Market');
      expect({ replica: onReplica(), primary: onPrimary() }).to.deep.equal({
        replica: 1,
        primary: 0,
      });
    });
  });

  it('reads a lagging replica in a unit of work that wrote nothing (the write was another’s)', async () => {
    const other = knexFactory(knexConfig(pair().primaryUrl));
    await other('shops')
      .insert({ name: 'Spice Market' })
      .finally(() => other.destroy());

    const seen = await withConsistency(async () =>
      Shop.query(knex).findOne({ name: 'Spice Market' }),
    );

    expect(seen).to.equal(undefined);
    expect(onReplica()).to.equal(1);
  });

  it('reads at or past a position it is given, as a later request of the same client does', async () => {
    const created = await withConsistency(async () =>
      Shop.query(knex).insert({ name: 'Spice Market' }),
    );
    const other = knexFactory(knexConfig(pair().primaryUrl));
    const { rows } = await other
      .raw<{ rows: Array<{ lsn: string }> }>('select pg_current_wal_lsn()::text as lsn')
      .finally(() => other.destroy());

    statements.reset();
    const seen = await withConsistency(async () => Shop.query(knex).findById(created.id), {
      after: rows[0]!.lsn,
    });

    expect(seen?.name).to.equal('Spice Market');
    expect(onPrimary()).to.equal(1);
  });

  it('refuses a position that is not one, before anything runs', async () => {
    let ran = false;
    expect(() =>
      withConsistency(
        async () => {
          ran = true;
        },
        { after: 'yesterday' },
      ),
    ).to.throw(TypeError, /"yesterday" is not a WAL position/);
    expect(ran).to.equal(false);
  });

  describe('REST', () => {
    it('hands a POST’s position to the client, whose GET echoing it sees the new row on a lagging replica', async () => {
      const app = testApp(knex);

      const created = await request(app).post('/shops').send({ name: 'Spice Market' });
      const position = created.headers[CONSISTENT_AFTER.toLowerCase()] as string | undefined;
      expect(created.status).to.equal(201);
      expect(parseWalPosition(position ?? '')).to.be.a('bigint');

      statements.reset();
      const echoing = await request(app)
        .get(`/shops/${created.body.id}`)
        .set(CONSISTENT_AFTER, position!);
      expect({ replica: onReplica(), primary: onPrimary() }).to.deep.equal({
        replica: 0,
        primary: 1,
      });
      statements.reset();
      const notEchoing = await request(app).get(`/shops/${created.body.id}`);

      expect(echoing.status).to.equal(200);
      expect(echoing.body).to.include({ name: 'Spice Market' });
      expect(echoing.headers[CONSISTENT_AFTER.toLowerCase()]).to.equal(position);
      // Without the position, the lagging replica answers: it has no such row yet.
      expectProblem(notEchoing, 404, 'NOT_FOUND');
      expect({ replica: onReplica(), primary: onPrimary() }).to.deep.equal({
        replica: 1,
        primary: 0,
      });

      await replicaCaughtUp(pair());
      statements.reset();
      const later = await request(app)
        .get(`/shops/${created.body.id}`)
        .set(CONSISTENT_AFTER, position!);
      expect(later.body).to.include({ name: 'Spice Market' });
      expect({ replica: onReplica(), primary: onPrimary() }).to.deep.equal({
        replica: 1,
        primary: 0,
      });
    });

    it('hands the position over when the body arrives in pieces (the request’s scope survives body parsing)', async () => {
      const server = testApp(knex).listen(0);
      try {
        const { port } = server.address() as AddressInfo;
        const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
          const post = http.request(
            {
              port,
              method: 'POST',
              path: '/shops',
              headers: { 'content-type': 'application/json' },
            },
            (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => (text += chunk.toString()));
              response.on('end', () => {
                const answer = {
                  status: response.statusCode ?? 0,
                  headers: response.headers,
                  text,
                };
                expectDocumented(`http://127.0.0.1:${port}`, 'POST', '/shops', answer).then(
                  () => resolve(response.headers),
                  reject,
                );
              });
            },
          );
          post.on('error', reject);
          post.write('{"name": "Spice');
          setTimeout(() => post.end(' Market"}'), 100);
        });
        expect(parseWalPosition(String(headers[CONSISTENT_AFTER.toLowerCase()]))).to.be.a('bigint');
      } finally {
        server.close();
      }
    });

    it('answers 400 MALFORMED_REQUEST to a header that is not a position, and writes nothing', async () => {
      const app = testApp(knex);

      const response = await request(app)
        .post('/shops')
        .set(CONSISTENT_AFTER, 'not-a-position')
        .send({ name: 'Spice Market' });

      expectProblem(response, 400, 'MALFORMED_REQUEST');
      expect(statements.sqlOf(pair().primaryPort)).to.deep.equal([]);
      expect(await onPrimaryCount(knex)).to.equal(0);
    });
  });
});

async function onPrimaryCount(knex: Knex): Promise<number> {
  const [{ count }] = (await knex.transaction((trx) => trx('shops').count({ count: '*' }))) as [
    { count: number },
  ];
  return count;
}
