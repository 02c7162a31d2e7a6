import { expect } from 'chai';
import { recordQueries, truncateAllTables } from '../../lib';
import { describeEachDialect } from '../support/database';
import { request, testApp } from '../support/http';

// The queries behind each request: a fixed number however many rows, inside one transaction.
describeEachDialect('HTTP | queries per request', (db) => {
  async function createShops(count: number, productsEach: number): Promise<void> {
    const shops = Array.from({ length: count }, (_, i) => ({ name: `Shop ${i + 1}` }));
    await db.knex.batchInsert('shops', shops, 100);
    const products = Array.from({ length: count }, (_, i) =>
      Array.from({ length: productsEach }, (_, j) => ({
        shop_id: i + 1,
        name: `Product ${j + 1}`,
        price: j + 1,
      })),
    ).flat();
    await db.knex.batchInsert('products', products, 100);
  }

  async function queriesToList(count: number, url: string) {
    await createShops(count, 2);
    const app = testApp(db.knex, { maxLimit: 500 });
    const { result, queries } = await recordQueries(db.knex, () => request(app).get(url));
    expect(result.status).to.equal(200);
    await truncateAllTables(db.knex);
    return { body: result.body, queries };
  }

  it('lists 5 and 500 shops with include=products in the same number of queries', async () => {
    const few = await queriesToList(5, '/shops?include=products&limit=500');
    const many = await queriesToList(500, '/shops?include=products&limit=500');

    expect(few.body.data).to.have.length(5);
    expect(many.body.data).to.have.length(500);
    expect(
      many.body.data.every((shop: { products: unknown[] }) => shop.products.length === 2),
    ).to.equal(true);
    // begin, count, the shops, their products, commit
    expect(few.queries).to.have.length(5);
    expect(many.queries).to.have.length(few.queries.length);
  });

  it('reads a nested include for many rows in one query per level', async () => {
    const few = await queriesToList(3, '/products?include=shop.products&limit=500');
    const many = await queriesToList(200, '/products?include=shop.products&limit=500');

    expect(many.body.data).to.have.length(400);
    expect(many.queries).to.have.length(few.queries.length);
  });

  it('reads a list, its total and its includes in one transaction', async () => {
    await createShops(2, 1);
    const app = testApp(db.knex);

    const { queries } = await recordQueries(db.knex, () =>
      request(app).get('/shops?include=products').expect(200),
    );

    const statements = queries.map((query) => query.sql);
    expect(statements[0]).to.match(/^begin/i);
    expect(statements.at(-1)).to.match(/^commit/i);
    expect(statements.slice(1, -1).every((sql) => /^select/i.test(sql))).to.equal(true);
  });

  it('writes a graph in one transaction and rolls it all back when a node fails', async () => {
    const app = testApp(db.knex);

    const { queries } = await recordQueries(db.knex, () =>
      request(app)
        .post('/shops')
        .send({
          name: 'Bakery',
          products: [
            { name: 'Bread', price: 3 },
            { name: 'Bread', price: 4 },
          ],
        })
        .expect(409),
    );

    const statements = queries.map((query) => query.sql);
    expect(statements[0]).to.match(/^begin/i);
    expect(statements.at(-1)).to.match(/^rollback/i);
    expect(await db.knex('shops')).to.deep.equal([]);
  });
});
