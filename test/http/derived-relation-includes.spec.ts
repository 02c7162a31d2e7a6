import { expect } from 'chai';
import { recordQueries } from '../../lib';
import { describeEachDialect } from '../support/database';
import { request, testApp } from '../support/http';

interface Node {
  id: number;
  name: string;
  descendants?: Node[];
}

describeEachDialect('HTTP | including through and recursive relations', (db) => {
  beforeEach(async () => {
    await db.knex.seed.run();
  });

  it('GET /customers/:id?include=purchasedProducts equals the hand-written join', async () => {
    const app = testApp(db.knex);
    const expected = await db
      .knex('orders')
      .join('order_items', 'order_items.order_id', 'orders.id')
      .join('products', 'products.id', 'order_items.product_id')
      .where('orders.customer_id', 1)
      .orderBy('products.id')
      .pluck('products.name');

    const response = await request(app).get('/customers/1?include=purchasedProducts');

    expect(response.status).to.equal(200);
    const names = (response.body.purchasedProducts as Array<{ id: number; name: string }>)
      .sort((a, b) => a.id - b.id)
      .map(({ name }) => name);
    expect(expected.length).to.be.greaterThan(0);
    expect(names).to.deep.equal(expected);
  });

  it('GET /categories/:id?include=descendants nests the whole tree, read in one statement', async () => {
    const app = testApp(db.knex);
    const rows: Array<{ id: number; parent_id: number | null }> = await db
      .knex('categories')
      .select('id', 'parent_id');

    const { result: response, queries } = await recordQueries(db.knex, () =>
      request(app).get('/categories/1?include=descendants'),
    );

    expect(response.status).to.equal(200);
    const recursive = queries.filter(({ sql }) => /with recursive/i.test(sql));
    expect(recursive).to.have.length(1);
    const below = (id: number): number => {
      const children = rows.filter((row) => row.parent_id === id);
      return children.length + children.reduce((sum, child) => sum + below(child.id), 0);
    };
    const count = (node: Node): number =>
      (node.descendants ?? []).reduce((sum, child) => sum + 1 + count(child), 0);
    expect(below(1)).to.be.greaterThan(2);
    expect(count(response.body as Node)).to.equal(below(1));
  });

  it('POST /categories creates a category under a parent', async () => {
    const app = testApp(db.knex);

    const response = await request(app).post('/categories').send({ name: 'Teas', parent_id: 1 });

    expect(response.status).to.equal(201);
    expect(await db.knex('categories').where({ name: 'Teas', parent_id: 1 })).to.have.length(1);
  });
});
