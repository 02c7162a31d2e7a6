import { expect } from 'chai';
import type { Express } from 'express';
import { describeEachDialect } from '../support/database';
import { expectProblem, request, testApp } from '../support/http';
import { snapshotDatabase } from '../support/queries';

interface Row {
  id: number;
  name?: string;
  [key: string]: unknown;
}

// The seed documents' scenarios, end to end over HTTP.
describeEachDialect('HTTP | seed scenarios end to end', (db) => {
  let app: Express;

  beforeEach(() => {
    app = testApp(db.knex);
  });

  async function createGreenGrocer(): Promise<Row> {
    const response = await request(app)
      .post('/shops')
      .send({
        name: 'Green Grocer',
        products: [
          { name: 'Rice', price: 2.5 },
          { name: 'Beans', price: 1.2 },
          { name: 'Lentils', price: 3.1 },
        ],
      })
      .expect(201);
    return response.body as Row;
  }

  it('creates a shop with its products in one POST and reads it back with include', async () => {
    const created = await createGreenGrocer();

    const response = await request(app).get(`/shops/${created.id}?include=products`).expect(200);

    expect(response.body).to.deep.equal(created);
    expect(response.body.products.map((p: Row) => [p.name, p.price, p.shop_id])).to.deep.equal([
      ['Rice', 2.5, created.id],
      ['Beans', 1.2, created.id],
      ['Lentils', 3.1, created.id],
    ]);
  });

  it("filters the shop's products by name: shop.products.filter_by(name='Rice')", async () => {
    const shop = await createGreenGrocer();

    const response = await request(app).get(`/shops/${shop.id}/products?name=Rice`).expect(200);

    expect(response.body.data.map((p: Row) => p.name)).to.deep.equal(['Rice']);
  });

  it('upserts the shop without one product: that product is deleted, the others kept', async () => {
    const shop = await createGreenGrocer();
    const [rice, beans] = shop.products as Row[];

    const response = await request(app)
      .put(`/shops/${shop.id}`)
      .send({ name: 'Green Grocer', products: [rice, { id: beans!.id, price: 1.5 }] })
      .expect(200);

    expect(response.body.products.map((p: Row) => [p.name, p.price])).to.deep.equal([
      ['Rice', 2.5],
      ['Beans', 1.5],
    ]);
    expect(await db.knex('products').pluck('name')).to.have.members(['Rice', 'Beans']);
  });

  it('deletes an author and the books are gone', async () => {
    const author = await request(app)
      .post('/authors')
      .send({ name: 'Jane Austen', books: [{ title: 'Emma' }, { title: 'Persuasion' }] })
      .expect(201);

    await request(app).delete(`/authors/${author.body.id}`).expect(204);

    await request(app).get(`/authors/${author.body.id}`).expect(404);
    expect((await request(app).get('/books').expect(200)).body.total).to.equal(0);
  });

  it('soft-deletes a customer with its orders, which withDeleted still shows', async () => {
    const customer = await request(app)
      .post('/customers')
      .send({ name: 'Alice', orders: [{ order_number: 'A-1' }, { order_number: 'A-2' }] })
      .expect(201);

    await request(app).delete(`/customers/${customer.body.id}`).expect(204);

    const filter = `customer_id=${customer.body.id}`;
    expect((await request(app).get(`/orders?${filter}`).expect(200)).body.data).to.deep.equal([]);
    const kept = await request(app).get(`/orders?${filter}&withDeleted=true`).expect(200);
    expect(kept.body.data.map((o: Row) => o.order_number)).to.deep.equal(['A-1', 'A-2']);
  });

  // Tighten after the delete-policy merge: expect DELETE_RESTRICTED only.
  it('refuses to delete an ordered product with 409, and nothing changes', async () => {
    const shop = await createGreenGrocer();
    const [rice] = shop.products as Row[];
    await request(app)
      .post('/orders')
      .send({ order_number: 'ORD-1', products: [{ id: rice!.id, quantity: 2, unit_price: 2.5 }] })
      .expect(201);
    const before = await snapshotDatabase(db.knex);

    const response = await request(app).delete(`/products/${rice!.id}`);

    expectProblem(response, 409, 'DELETE_RESTRICTED');
    expect(response.body.detail).to.equal(
      'Cannot delete Product: 1 row(s) in its relation "orders" depend on it',
    );
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });
});
