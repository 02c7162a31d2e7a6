import { expect } from 'chai';
import pino from 'pino';
import { allModels } from '../../demo';
import { createApp, type RunningServer, startServer } from '../../http';
import { request } from '../support/http';
import { describeEachDialect } from '../support/database';

const CONCURRENT = 24;

interface Answer {
  status: number;
  code?: string;
}

/** How many answers had each status (and problem code): `{ '200': 23, '404 NOT_FOUND': 1 }`. */
function tally(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, code } of answers) {
    const key = code ? `${status} ${code}` : String(status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

// Concurrent writes of one row through real HTTP requests against a running server: each write
// locks the row it starts from, so the writes of one row run one after the other.
describeEachDialect('HTTP | concurrent writes of one row', (db) => {
  let running: RunningServer;

  beforeEach(async () => {
    await db.knex.seed.run();
    const logger = pino({ level: 'silent' });
    running = await startServer(createApp({ knex: db.knex, models: allModels, logger }), {
      port: 0,
      host: '127.0.0.1',
      logger,
    });
  });

  afterEach(() => running.stop());

  // Over real connections to a listening server, each answer checked against its document.
  const server = () => request(`http://127.0.0.1:${running.port}`);

  async function send(
    method: 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<Answer> {
    const verb = method.toLowerCase() as 'put' | 'patch' | 'delete';
    const pending = server()[verb](path).timeout(10_000);
    const response = await (body === undefined ? pending : pending.send(body as object));
    const code = response.status >= 400 ? (response.body as { code: string }).code : undefined;
    return { status: response.status, ...(code ? { code } : {}) };
  }

  async function newShop(name: string): Promise<number> {
    const response = await server()
      .post('/shops')
      .send({ name, products: [{ name: 'Seed', price: 1 }] })
      .expect(201);
    return (response.body as { id: number }).id;
  }

  const productsOf = (writer: number) =>
    [0, 1, 2].map((index) => ({ name: `w${writer}-${index}`, price: writer + 1 }));

  it(`${CONCURRENT} concurrent PUTs of a shop leave exactly one submitted graph`, async () => {
    const id = await newShop('Race');

    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, writer) =>
        send('PUT', `/shops/${id}`, { name: `Race ${writer}`, products: productsOf(writer) }),
      ),
    );

    expect(tally(answers)).to.deep.equal({ 200: CONCURRENT });
    const shop = await db.knex('shops').where({ id }).first();
    const names: string[] = await db
      .knex('products')
      .where({ shop_id: id })
      .orderBy('name')
      .pluck('name');
    const writer = String(shop.name).slice('Race '.length);
    expect(names).to.deep.equal([`w${writer}-0`, `w${writer}-1`, `w${writer}-2`]);
  });

  it(`${CONCURRENT} concurrent PUTs of a user’s posts leave exactly one submitted graph`, async () => {
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, writer) =>
        send('PUT', '/users/2', {
          name: `Jane ${writer}`,
          posts: [{ title: `p${writer}`, content: '…', tags: [{ id: 1 + (writer % 3) }] }],
        }),
      ),
    );

    expect(tally(answers)).to.deep.equal({ 200: CONCURRENT });
    const user = await db.knex('users').where({ id: 2 }).first();
    const writer = Number(String(user.name).slice('Jane '.length));
    const posts = await db.knex('posts').where({ user_id: 2 }).select('id', 'title');
    expect(posts.map((post) => post.title)).to.deep.equal([`p${writer}`]);
    const tags = await db.knex('post_tags').where({ post_id: posts[0].id }).pluck('tag_id');
    expect(tags).to.deep.equal([1 + (writer % 3)]);
  });

  it('PUTs and PATCHes racing a DELETE of the shop: no 5xx, and after the delete only 404', async () => {
    const id = await newShop('Doomed');
    const put = (writer: number) =>
      send('PUT', `/shops/${id}`, { name: `Doomed ${writer}`, products: productsOf(writer) });
    const patch = (writer: number) => send('PATCH', `/shops/${id}`, { name: `Patched ${writer}` });

    const early = Array.from({ length: 10 }, (_, writer) => (writer % 2 ? patch : put)(writer));
    await Promise.race(early);
    const deleted = send('DELETE', `/shops/${id}`);
    const racing = Array.from({ length: 10 }, (_, writer) =>
      (writer % 2 ? patch : put)(10 + writer),
    );
    const removal = await deleted;
    const after = await Promise.all([put(20), patch(21), send('DELETE', `/shops/${id}`)]);
    const writes = await Promise.all([...early, ...racing]);

    expect(removal).to.deep.equal({ status: 204 });
    expect(
      writes.every(({ status }) => status === 200 || status === 404),
      JSON.stringify(tally(writes)),
    ).to.equal(true);
    expect(tally(after)).to.deep.equal({ '404 NOT_FOUND': 3 });
    expect(await db.knex('shops').where({ id })).to.deep.equal([]);
    expect(await db.knex('products').where({ shop_id: id })).to.deep.equal([]);
    const trail: Array<{ table_name: string; row_id: number }> = await db
      .knex('deletions')
      .select('table_name', 'row_id');
    const keys = trail.map(({ table_name, row_id }) => `${table_name} ${row_id}`);
    expect(new Set(keys).size, 'every row is audited once').to.equal(keys.length);
    expect(keys.filter((key) => key.startsWith('shops '))).to.deep.equal([`shops ${id}`]);
    const replaced = writes.filter((answer, index) => answer.status === 200 && index % 2 === 0);
    expect(
      keys.filter((key) => key.startsWith('products ')),
      'the seed and every PUT’s products',
    ).to.have.length(1 + 3 * replaced.length);
  });

  it(`${CONCURRENT} concurrent DELETEs of one author: one 204, the rest 404, audited once`, async () => {
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, () => send('DELETE', '/authors/1')),
    );

    expect(tally(answers)).to.deep.equal({ 204: 1, '404 NOT_FOUND': CONCURRENT - 1 });
    const trail = await db.knex('deletions').orderBy('id').select('table_name', 'row_id');
    expect(trail).to.deep.equal([
      { table_name: 'books', row_id: 1 },
      { table_name: 'books', row_id: 2 },
      { table_name: 'authors', row_id: 1 },
    ]);
    expect(await db.knex('books').where({ author_id: 1 })).to.deep.equal([]);
  });
});
