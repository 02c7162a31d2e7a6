import { expect } from 'chai';
import { request } from '../support/http';
import { CONSISTENT_AFTER } from '../../http/consistency';
import type { ReplicaStatus } from '../../lib';
import { describeWithReplicaPair, emptyPair, replicaCaughtUp } from '../support/replica-pair';
import { startServerProcess } from '../support/server-process';

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithReplicaPair('Replicas | npm start with DATABASE_REPLICA_URLS', (pair) => {
  before(async () => {
    await emptyPair(pair());
    await replicaCaughtUp(pair());
    await pair().setApplyDelay(1000);
  });

  after(async () => {
    await pair().setApplyDelay(0);
  });

  it('reads from the replica, a POST then a GET echoing its position sees the row, and stopping the replica fails no request', async function () {
    this.timeout(120_000);
    const server = await startServerProcess({
      DATABASE_URL: pair().primaryUrl,
      DATABASE_REPLICA_URLS: pair().replicaUrl,
      DATABASE_REPLICA_CHECK_INTERVAL_MS: '200',
    });
    const api = request(`http://127.0.0.1:${server.port}`);
    const replicaState = async () =>
      ((await api.get('/health')).body as { replicas: ReplicaStatus[] }).replicas[0]?.state;
    try {
      await until('replica up', async () => (await replicaState()) === 'up');

      const created = await api.post('/shops').send({ name: 'Tea House' });
      const position = String(created.headers[CONSISTENT_AFTER.toLowerCase()]);
      const echoing = await api.get(`/shops/${created.body.id}`).set(CONSISTENT_AFTER, position);
      // The replica replays 1 s late: a read it answers does not have the row yet.
      const fromReplica = await api.get(`/shops/${created.body.id}`);

      expect(created.status).to.equal(201);
      expect([echoing.status, echoing.body.name]).to.deep.equal([200, 'Tea House']);
      expect(fromReplica.status).to.equal(404);

      const statuses: number[] = [];
      let isLoading = true;
      const load = Array.from({ length: 3 }, async () => {
        while (isLoading) statuses.push((await api.get('/shops?include=products')).status);
      });
      try {
        await pair().stopReplica();
        await until('replica down', async () => (await replicaState()) === 'down');
        await pair().startReplica();
        await until('replica up again', async () => (await replicaState()) === 'up');
      } finally {
        isLoading = false;
        await Promise.all(load);
      }
      expect(statuses.length).to.be.greaterThan(10);
      expect(statuses.filter((status) => status !== 200)).to.deep.equal([]);
      expect(server.lines[0]).to.deep.include({ replicas: [pair().replicaUrl] });
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).to.equal(0);
    }
  });
});
