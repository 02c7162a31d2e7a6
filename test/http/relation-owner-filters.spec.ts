import { expect } from 'chai';
import type { Express } from 'express';
import { recordQueries } from '../../lib';
import { Order, Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { request, testApp } from '../support/http';

interface Row {
  id: number;
  name: string;
  shop_id: number;
}

// The REST API reads a relation list through $relatedQuery with the request's filters, and
// removes the children a PUT leaves out through the relation: both stay within the owner.
describeEachDialect('HTTP | relation lists and relation deletes stay within their owner', (db) => {
  let app: Express;
  let mine: Shop;
  let other: Shop;

  beforeEach(async () => {
    app = testApp(db.knex);
    // The other shop first, so that its rows come first in id order.
    other = await Shop.query().insertGraph({
      name: 'Other',
      products: [
        { name: 'a', price: 1 },
        { name: 'b', price: 2 },
      ],
    });
    mine = await Shop.query().insertGraph({
      name: 'Mine',
      products: [
        { name: 'a', price: 1 },
        { name: 'b', price: 2 },
      ],
    });
  });

  const productsOf = async (shop: Shop) =>
    (await Product.query().where('shop_id', shop.id).orderBy('name')).map((p) => p.name);

  it('GET /shops/:id/products with filters lists and counts only that shop’s rows', async () => {
    const { result: response, queries } = await recordQueries(db.knex, () =>
      request(app).get(`/shops/${mine.id}/products?name=b&price=2`).expect(200),
    );

    const body = response.body as { data: Row[]; total: number };
    expect(body.total).to.equal(1);
    expect(body.data.map((row) => [row.name, row.shop_id])).to.deep.equal([['b', mine.id]]);
    const reads = queries
      .map((query) => query.sql.replace(/[`"]/g, '').replace(/\$\d+/g, '?'))
      .filter((sql) => sql.includes('from products'));
    expect(reads).to.have.length(2);
    // The API's filters are ANDed equalities: the owner condition stands first, unparenthesised.
    for (const sql of reads) {
      expect(sql).to.include(
        'where products.shop_id in (?) and products.name = ? and products.price = ?',
      );
    }
  });

  it('GET /orders/:id/products with a filter lists only that order’s products', async () => {
    const [myOrder] = await Order.query().insertGraph(
      [
        {
          order_number: 'M-1',
          products: [{ id: mine.products![1]!.id, quantity: 1, unit_price: 2 }],
        },
        {
          order_number: 'O-1',
          products: [{ id: other.products![1]!.id, quantity: 1, unit_price: 2 }],
        },
      ],
      { relate: ['products'] },
    );

    const response = await request(app).get(`/orders/${myOrder!.id}/products?name=b`).expect(200);

    const body = response.body as { data: Row[]; total: number };
    expect(body.total).to.equal(1);
    expect(body.data.map((row) => row.shop_id)).to.deep.equal([mine.id]);
  });

  it('PUT /shops/:id deletes the products it leaves out of that shop only', async () => {
    const [kept] = mine.products!;

    await request(app)
      .put(`/shops/${mine.id}`)
      .send({ name: 'Mine', products: [{ id: kept!.id, name: 'a', price: 5 }] })
      .expect(200);

    expect(await productsOf(mine)).to.deep.equal(['a']);
    expect(await productsOf(other)).to.deep.equal(['a', 'b']);
    expect((await Product.query().findById(kept!.id))?.price).to.equal(5);
  });
});
