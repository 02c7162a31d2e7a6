import http from 'node:http';
import { expect } from 'chai';
import { describeEachDialect } from '../support/database';
import { sqliteDriverOf, sqliteScratchUrl } from '../support/dialects';
import { quietKnex } from '../support/faults';
import { breachesOf, documentServedBy } from '../support/raw-answers';
import { startServerProcess } from '../support/server-process';

interface Outcome {
  name: string;
  sentAt: number;
  receivedAt?: number;
  status?: number;
  connection?: string;
  headers?: Record<string, string>;
  text?: string;
  error?: string;
}

function create(agent: http.Agent, port: number, name: string): Promise<Outcome> {
  const outcome: Outcome = { name, sentAt: performance.now() };
  return new Promise((resolve) => {
    const req = http.request(
      {
        port,
        method: 'POST',
        path: '/customers',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            ...outcome,
            receivedAt: performance.now(),
            status: res.statusCode,
            connection: res.headers.connection,
            headers: res.headers as Record<string, string>,
            text,
          }),
        );
        res.on('error', (error) => resolve({ ...outcome, error: error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ...outcome, error: error.code ?? error.message }),
    );
    req.end(JSON.stringify({ name }));
  });
}

// SIGTERM while clients keep writing over kept-alive connections: every write is answered, or
// was never made; nothing is committed behind a reset; the connections close as answers go out.
describeEachDialect('HTTP | shutdown under keep-alive load', (db) => {
  if (db.dialect.name !== 'sqlite') return;

  it('answers every request it commits, with Connection: close after SIGTERM, and exits 0', async function () {
    this.timeout(60_000);
    const url = sqliteScratchUrl('shutdown', sqliteDriverOf(db.dialect));
    const server = await startServerProcess({ DATABASE_URL: url });
    // Fetched now: the answers are checked against it once the server has gone.
    const document = await documentServedBy(`http://127.0.0.1:${server.port}`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
    const outcomes: Outcome[] = [];
    let signalledAt = Number.POSITIVE_INFINITY;
    server.child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('"shutting down"')) signalledAt = performance.now();
    });

    const worker = async (index: number) => {
      for (let turn = 0; turn < 500; turn += 1) {
        const outcome = await create(agent, server.port, `Client ${index}-${turn}`);
        outcomes.push(outcome);
        if (outcome.error) return;
      }
    };
    const load = Promise.all(Array.from({ length: 10 }, (_, index) => worker(index)));
    while (outcomes.filter((outcome) => outcome.status === 201).length < 100) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    server.child.kill('SIGTERM');
    await load;
    agent.destroy();

    expect(await server.exited).to.equal(0);
    const knex = quietKnex(url);
    const stored = new Set(await knex('customers').where('name', 'like', 'Client %').pluck('name'));
    await knex.destroy();
    const answered = outcomes.filter((outcome) => outcome.status !== undefined);
    expect(answered.every((outcome) => outcome.status === 201)).to.equal(true);
    const recorded = answered.map((outcome) => ({
      method: 'POST',
      path: '/customers',
      status: outcome.status!,
      headers: outcome.headers!,
      text: outcome.text!,
    }));
    expect(breachesOf(document, recorded)).to.deep.equal([]);
    expect([...stored].sort()).to.deep.equal(answered.map((outcome) => outcome.name).sort());
    // Sent after the signal on a connection still open: answered, and the connection closed.
    const sentAfter = answered.filter((outcome) => outcome.sentAt > signalledAt);
    expect(sentAfter.map((outcome) => outcome.connection)).to.deep.equal(
      sentAfter.map(() => 'close'),
    );
    // On better-sqlite3 a request runs from its parsing to its answer in about one turn of the
    // event loop (its statements are synchronous), so the signal seldom or never finds one in
    // flight: the connections are idle, and closed at once, when it is handled.
    if (db.dialect.driver !== 'better-sqlite3') {
      expect(answered.some((outcome) => outcome.connection === 'close')).to.equal(true);
    }
    // Each of the 10 connections answers at most the request in flight and one that crossed the
    // signal on the wire, then closes: the server does not go on serving them.
    const receivedAfter = answered.filter((outcome) => outcome.receivedAt! > signalledAt);
    expect(receivedAfter.length).to.be.at.most(20);
    expect(outcomes.filter((outcome) => outcome.error)).to.have.length(10);
  });
});
