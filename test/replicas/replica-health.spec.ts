import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import type { Express } from 'express';
import { knexConfig, type ReplicaStatus } from '../../lib';
import { request, testApp } from '../support/http';
import {
  describeWithReplicaPair,
  emptyPair,
  openRouted,
  replicaCaughtUp,
  StatementsByPort,
} from '../support/replica-pair';

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sends reads back to back from `clients` clients until stopped; every status it got. */
function readLoad(app: Express, clients = 4) {
  const statuses: number[] = [];
  let isRunning = true;
  const loops = Array.from({ length: clients }, async (_, client) => {
    while (isRunning) {
      const path = client % 2 === 0 ? '/shops?include=products' : '/shops/1';
      const response = await request(app).get(path);
      statuses.push(response.status);
    }
  });
  return {
    statuses,
    async stop() {
      isRunning = false;
      await Promise.all(loops);
      return statuses;
    },
  };
}

describeWithReplicaPair('Replicas | health', (pair) => {
  let knex: Knex;
  let statements: StatementsByPort;
  const reads = (port: number) =>
    statements.sqlOf(port).filter((sql) => /^select .*"shops"/.test(sql)).length;

  beforeEach(async () => {
    await emptyPair(pair());
    const writer = knexFactory(knexConfig(pair().primaryUrl));
    await writer('shops')
      .insert([{ name: 'Green Grocer' }, { name: 'Corner Bakery' }])
      .finally(() => writer.destroy());
    await replicaCaughtUp(pair());
    statements = new StatementsByPort();
  });

  afterEach(async () => {
    statements.uninstall();
    await knex?.destroy();
  });

  const replicaOf = async (app: Parameters<typeof request>[0]): Promise<ReplicaStatus> => {
    const response = await request(app).get('/health');
    expect(response.status).to.equal(200);
    return (response.body as { replicas: ReplicaStatus[] }).replicas[0]!;
  };

  it('stopping the replica fails no request: reads go to the primary, and the replica rejoins once back', async function () {
    this.timeout(90_000);
    knex = openRouted(pair(), { replicas: { checkIntervalMs: 100 } });
    const app = testApp(knex);
    await until('replica up', async () => (await replicaOf(app)).state === 'up');
    const load = readLoad(app);
    try {
      await until('reads on the replica', async () => reads(pair().replicaPort) > 10);

      await pair().stopReplica();
      const down = await replicaOf(app);
      statements.reset();
      await until('reads on the primary', async () => reads(pair().primaryPort) > 10);

      await pair().startReplica();
      await until('replica up again', async () => (await replicaOf(app)).state === 'up');
      statements.reset();
      await until('reads on the replica again', async () => reads(pair().replicaPort) > 10);

      expect(down).to.include({ state: 'down' });
      expect(down.reason).to.be.a('string');
    } finally {
      const statuses = await load.stop();
      expect(statuses.length).to.be.greaterThan(30);
      expect(statuses.filter((status) => status !== 200)).to.deep.equal([]);
    }
  });

  it('takes a replica further behind than the bound out of rotation until it has caught up', async function () {
    this.timeout(60_000);
    await pair().setApplyDelay(1000);
    const writer = knexFactory(knexConfig(pair().primaryUrl));
    try {
      knex = openRouted(pair(), { replicas: { checkIntervalMs: 100, maxLagMs: 300 } });
      const app = testApp(knex);
      let isWriting = true;
      const writes = (async () => {
        for (let n = 0; isWriting; n += 1) {
          await writer('tags').insert({ name: `tag ${n}` });
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      try {
        await until('replica lagging', async () => (await replicaOf(app)).state === 'lagging');
        const lagging = await replicaOf(app);
        statements.reset();
        await request(app).get('/shops').expect(200);

        expect(lagging.lagMs).to.be.greaterThan(300);
        expect(lagging.reason).to.match(/behind the primary/);
        expect([reads(pair().replicaPort), reads(pair().primaryPort)]).to.deep.equal([0, 2]);
      } finally {
        isWriting = false;
        await writes;
      }
      await until('replica up again', async () => (await replicaOf(app)).state === 'up');
      statements.reset();
      await request(app).get('/shops').expect(200);
      expect([reads(pair().replicaPort), reads(pair().primaryPort)]).to.deep.equal([2, 0]);
    } finally {
      await writer.destroy();
      await pair().setApplyDelay(0);
    }
  });

  it('reports no replicas, and the plain status, for a database without any', async () => {
    knex = knexFactory(knexConfig(pair().primaryUrl));

    const response = await request(testApp(knex)).get('/health');

    expect(response.body).to.deep.equal({ status: 'ok' });
  });
});
