import http from 'node:http';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { dropOwnDatabase, freshOwnDatabase } from '../../scripts/own-database';
import { describeEachDialect } from '../support/database';
import { sqliteDriverOf, sqliteScratchUrl } from '../support/dialects';
import { quietKnex } from '../support/faults';
import { expectDocumented } from '../support/raw-answers';
import { type ServerProcess, startServerProcess } from '../support/server-process';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One request to `port` over a keep-alive `agent`, checked against the served document, its JSON body parsed. */
function send(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { port, method, path, agent, headers: payload ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          expectDocumented(`http://127.0.0.1:${port}`, method, path, {
            status,
            headers: res.headers,
            text,
          }).then(() => resolve({ status, body: text ? JSON.parse(text) : {} }), reject);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

// The demo data, table by table: what one seed leaves, and a second one would double.
const SEEDED = {
  shops: 3,
  products: 7,
  users: 2,
  posts: 3,
  tags: 3,
  authors: 2,
  books: 4,
  customers: 2,
  orders: 4,
};

async function rowCounts(knex: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of Object.keys(SEEDED)) {
    const row = await knex(table).count({ n: '*' }).first();
    counts[table] = Number(row?.n);
  }
  return counts;
}

// Several servers on one database, as a deployment runs them: they start together, one
// migrates and seeds while the others wait, and their writes to one SQLite file never 5xx.
describeEachDialect('Faults | several servers on one database', (db) => {
  let url: string;
  let servers: ServerProcess[] = [];

  before(async function () {
    this.timeout(120_000);
    url =
      db.dialect.name === 'sqlite'
        ? sqliteScratchUrl('several-servers', sqliteDriverOf(db.dialect))
        : await freshOwnDatabase(db.dialect.url, 'servers');
    const started = await Promise.allSettled(
      [1, 2, 3].map(() => startServerProcess({ DATABASE_URL: url })),
    );
    servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  });

  after(async function () {
    this.timeout(60_000);
    const codes = await Promise.all(
      servers.map((server) => {
        server.child.kill('SIGTERM');
        return server.exited;
      }),
    );
    if (db.dialect.name === 'postgres') await dropOwnDatabase(url);
    expect(codes).to.deep.equal(servers.map(() => 0));
  });

  it('start together: one migrates and seeds, the others wait, then all serve the same data', async () => {
    const ready = servers.map((server) =>
      server.lines.find((line) => /^database ready/.test(String(line.msg)))!,
    );
    expect(ready.filter((line) => line.seeded === true)).to.have.length(1);
    expect(ready.filter((line) => Number(line.migrations) > 0)).to.have.length(1);
    const agent = new http.Agent();
    for (const server of servers) {
      const health = await send(agent, server.port, 'GET', '/health');
      const shops = await send(agent, server.port, 'GET', '/shops');
      expect([health.status, shops.status, shops.body.total]).to.deep.equal([200, 200, 3]);
    }
    agent.destroy();
    const knex = quietKnex(url);
    try {
      expect(await rowCounts(knex)).to.deep.equal(SEEDED);
    } finally {
      await knex.destroy();
    }
  });

  if (db.dialect.name === 'sqlite') {
    it('take mixed concurrent writes on one SQLite file without a single 5xx', async function () {
      this.timeout(120_000);
      const statuses: Record<number, number> = {};
      const created = new Map<string, number>();
      const deleted = new Set<string>();
      const prices = new Set<number>();
      const bookTitles = new Set<string>();
      const until = Date.now() + 30_000;

      const worker = async (server: ServerProcess, index: number) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const tally = (answer: Answer) => {
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          return answer;
        };
        for (let turn = 0; turn < 24 && Date.now() < until; turn += 1) {
          const tag = `${server.port}-${index}-${turn}`;
          switch (turn % 4) {
            case 0: {
              const answer = tally(
                await send(agent, server.port, 'POST', '/customers', { name: tag }),
              );
              if (answer.status === 201) created.set(tag, Number(answer.body.id));
              break;
            }
            case 1: {
              const price = Number(`${index}.${turn}`);
              const answer = tally(
                await send(agent, server.port, 'PATCH', '/products/1', { price }),
              );
              if (answer.status === 200) prices.add(price);
              break;
            }
            case 2: {
              const title = `Book ${tag}`;
              const answer = tally(
                await send(agent, server.port, 'PUT', '/authors/1', {
                  name: 'Jane Austen',
                  books: [{ id: 1 }, { title }],
                }),
              );
              if (answer.status === 200) bookTitles.add(title);
              break;
            }
            case 3: {
              const mine = [...created.keys()].find(
                (name) => name.startsWith(`${server.port}-${index}-`) && !deleted.has(name),
              );
              if (mine) {
                const answer = tally(
                  await send(agent, server.port, 'DELETE', `/customers/${created.get(mine)}`),
                );
                if (answer.status === 204) deleted.add(mine);
              }
              tally(await send(agent, server.port, 'GET', '/shops?include=products'));
              break;
            }
          }
        }
        agent.destroy();
      };

      const [first, second] = servers;
      await Promise.all(
        Array.from({ length: 16 }, (_, index) => worker(index % 2 ? first! : second!, index)),
      );

      const total = Object.values(statuses).reduce((sum, count) => sum + count, 0);
      expect(total).to.be.above(300);
      expect(Object.keys(statuses).sort(), JSON.stringify(statuses)).to.deep.equal([
        '200',
        '201',
        '204',
      ]);
      const knex = quietKnex(url);
      try {
        // Deleted customers are soft-deleted: the live ones are those created and not deleted.
        const customers = await knex('customers')
          .whereNotIn('id', [1, 2])
          .whereNull('deleted_at')
          .pluck('name');
        const kept = [...created.keys()].filter((name) => !deleted.has(name));
        expect(customers.sort()).to.deep.equal(kept.sort());
        const { price } = await knex('products').where({ id: 1 }).first();
        expect(prices).to.include(price);
        const books = await knex('books').where({ author_id: 1 }).orderBy('id');
        expect(books).to.have.length(2);
        expect(books[0].id).to.equal(1);
        expect(bookTitles).to.include(books[1].title);
      } finally {
        await knex.destroy();
      }
    });
  }
});
