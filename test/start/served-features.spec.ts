import { expect } from 'chai';
import { dropOwnDatabase, freshOwnDatabase } from '../../scripts/own-database';
import { describeEachDialect } from '../support/database';
import { sqliteDriverOf, sqliteScratchUrl } from '../support/dialects';
import { fetchDocumented } from '../support/raw-answers';
import { type ServerProcess, startServerProcess } from '../support/server-process';

type Row = Record<string, unknown>;

// What `npm start` serves of soft deletes, optimistic concurrency and the newer relation kinds,
// asked over HTTP of the real server on the demo's seeded data, every answer checked against
// the OpenAPI document it serves.
describeEachDialect('Start | what npm start serves of the newer features', (db) => {
  let url: string;
  let server: ServerProcess;
  let api: string;

  before(async function () {
    this.timeout(120_000);
    url =
      db.dialect.name === 'sqlite'
        ? sqliteScratchUrl('served-features', sqliteDriverOf(db.dialect))
        : await freshOwnDatabase(db.dialect.url, 'served');
    server = await startServerProcess({ DATABASE_URL: url });
    api = `http://127.0.0.1:${server.port}`;
  });

  after(async function () {
    this.timeout(30_000);
    server?.child.kill('SIGTERM');
    await server?.exited;
    if (db.dialect.name === 'postgres') await dropOwnDatabase(url);
  });

  const get = async (path: string, init?: RequestInit) => fetchDocumented(api, path, init);
  const json = async (path: string) => (await get(path)).json() as Row;
  // The statements the server logged for the request to `path`, once its log line is out.
  const statementsOf = async (path: string) => {
    for (let wait = 0; wait < 50; wait += 1) {
      const line = server.lines.find((candidate) => candidate.url === path);
      if (line) return line.queries;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return undefined;
  };

  it('soft-deletes a customer with its orders, hides them, shows them on request, and restores exactly those', async () => {
    const alice = '/customers/1?include=orders';
    const before = await json(alice);
    const bob = await json('/customers/2?include=orders');

    const deleted = await get('/customers/1', { method: 'DELETE' });
    const hidden = await get('/customers/1');
    const hiddenOrders = (await json('/orders')).data as Row[];
    const shown = await json(`${alice}&withDeleted=true`);
    const restored = await get('/customers/1/restore', { method: 'POST' });

    expect([deleted.status, hidden.status, restored.status]).to.deep.equal([204, 404, 200]);
    expect(hiddenOrders.map((order) => order.customer_id)).not.to.include(1);
    expect(shown.deleted_at).to.be.a('string');
    expect((shown.orders as Row[]).map((order) => order.deletion_id)).to.deep.equal(
      (shown.orders as Row[]).map(() => shown.deletion_id),
    );
    expect(await json(alice)).to.deep.equal(before);
    expect(await json('/customers/2?include=orders')).to.deep.equal(bob);
  });

  it('answers 412 to a PATCH whose If-Match is stale, and writes nothing', async () => {
    const first = await get('/products/1');
    const etag = first.headers instanceof Headers ? first.headers.get('etag') : undefined;
    const body = JSON.stringify({ price: 3.25 });
    const headers = { 'content-type': 'application/json' };

    const patched = await get('/products/1', {
      method: 'PATCH',
      body,
      headers: { ...headers, 'if-match': etag! },
    });
    const stale = await get('/products/1', {
      method: 'PATCH',
      body: JSON.stringify({ price: 9.99 }),
      headers: { ...headers, 'if-match': etag! },
    });

    expect([patched.status, stale.status]).to.deep.equal([200, 412]);
    expect(await json('/products/1')).to.include({ price: 3.25, version: 2 });
  });

  it('serves comments on posts and products, a customer’s purchased products, and a category’s descendants in one statement', async () => {
    const post = await json('/posts/1?include=comments');
    const product = await json('/products?include=comments&limit=100');
    const purchased = await json('/customers/1?include=purchasedProducts');
    const tree = '/categories/1?include=descendants';
    const root = await json(tree);

    expect((post.comments as Row[]).length).to.be.greaterThan(0);
    const commented = (product.data as Row[]).filter((row) => (row.comments as Row[]).length > 0);
    expect(commented.length).to.be.greaterThan(0);
    expect((purchased.purchasedProducts as Row[]).map((row) => row.name)).to.include('Rice');
    const grandchildren = (root.descendants as Row[]).flatMap(
      (child) => child.descendants as Row[],
    );
    expect(grandchildren.length).to.be.greaterThan(0);
    // BEGIN, the root's read, its descendants' one recursive statement, COMMIT.
    expect(await statementsOf(tree)).to.equal(4);
  });
});
