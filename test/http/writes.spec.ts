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

const names = (rows: Row[]) => rows.map((row) => row.name);

// Writing resources: graph inserts, graph upserts with the delete policies, patches, deletes.
describeEachDialect('HTTP | writing resources', (db) => {
  let app: Express;

  beforeEach(async () => {
    await db.knex.seed.run();
    app = testApp(db.knex);
  });

  describe('POST', () => {
    it('answers 201 with the created row read back and its Location', async () => {
      const response = await request(app).post('/authors').send({ name: 'Ursula' }).expect(201);

      expect(response.body).to.include({ id: 3, name: 'Ursula' });
      expect(response.body.created_at).to.match(/^\d{4}-\d\d-\d\dT/);
      expect(response.headers.location).to.equal('/authors/3');
    });

    it('relates existing rows by id, with the join-table extras', async () => {
      const response = await request(app)
        .post('/orders')
        .send({
          order_number: 'ORD-0005',
          customer_id: 2,
          products: [
            { id: 1, quantity: 4, unit_price: 2.4 },
            { id: 7, quantity: 1, unit_price: 19.99 },
          ],
        })
        .expect(201);

      expect(
        response.body.products.map((p: Row) => [p.name, p.quantity, p.unit_price]),
      ).to.deep.equal([
        ['Rice', 4, 2.4],
        ['Mouse', 1, 19.99],
      ]);
      expect(await db.knex('products').count({ n: '*' }).first()).to.deep.equal({ n: 7 });
    });

    it('creates new related rows and relates existing ones in one body', async () => {
      const response = await request(app)
        .post('/posts')
        .send({
          user_id: 2,
          title: 'Graphs',
          content: 'Upserts and policies',
          tags: [{ id: 2 }, { name: 'http' }],
        })
        .expect(201);

      expect(names(response.body.tags)).to.deep.equal(['orm', 'http']);
      expect(await db.knex('tags').orderBy('id').pluck('name')).to.deep.equal([
        'flask',
        'orm',
        'typescript',
        'http',
      ]);
    });

    it('writes a to-one relation as an object', async () => {
      const response = await request(app)
        .post('/users')
        .send({ name: 'Ada', profile: { bio: 'Engines' }, posts: [] })
        .expect(201);

      expect(response.body.profile).to.include({ bio: 'Engines', user_id: response.body.id });
      expect(response.body.posts).to.deep.equal([]);
    });
  });

  describe('PUT', () => {
    it('updates the row, updates kept children, inserts new ones, deletes missing ones', async () => {
      const response = await request(app)
        .put('/shops/1')
        .send({
          name: 'Green Grocer & Co',
          products: [
            { id: 1, name: 'Basmati Rice', price: 2.9 },
            { id: 3 },
            { name: 'Chickpeas', price: 2 },
          ],
        })
        .expect(200);

      expect(response.body.name).to.equal('Green Grocer & Co');
      expect(response.body.products.map((p: Row) => [p.id, p.name, p.price])).to.deep.equal([
        [1, 'Basmati Rice', 2.9],
        [3, 'Lentils', 3.1],
        [8, 'Chickpeas', 2],
      ]);
      expect(await db.knex('products').where({ name: 'Beans' })).to.deep.equal([]);
    });

    it('soft-deletes the orders left out of a customer (cascade, soft)', async () => {
      await request(app)
        .put('/customers/1')
        .send({ name: 'Alice', orders: [{ id: 2 }] })
        .expect(200);

      const orders = await db.knex('orders').orderBy('id').select('order_number', 'customer_id');
      expect(orders).to.deep.equal([
        { order_number: 'ORD-0001', customer_id: 1 },
        { order_number: 'ORD-0002', customer_id: 1 },
        { order_number: 'ORD-0003', customer_id: 2 },
        { order_number: 'ORD-0004', customer_id: null },
      ]);
      const deleted = await db.knex('orders').whereNotNull('deleted_at').select('order_number');
      expect(deleted).to.deep.equal([{ order_number: 'ORD-0001' }]);
    });

    it('unlinks the tags left out of a post and keeps the tags (unrelate)', async () => {
      const response = await request(app)
        .put('/posts/1')
        .send({ title: 'First Post', content: 'Lorem ipsum dolor sit amet', tags: [{ id: 2 }] })
        .expect(200);

      expect(names(response.body.tags)).to.deep.equal(['orm']);
      expect(await db.knex('tags').orderBy('id').pluck('name')).to.deep.equal([
        'flask',
        'orm',
        'typescript',
      ]);
    });

    it('changes the join-table extras of a kept many-to-many child', async () => {
      await request(app)
        .put('/orders/1')
        .send({
          order_number: 'ORD-0001',
          products: [
            { id: 1, quantity: 5, unit_price: 2.5 },
            { id: 4, quantity: 1, unit_price: 3 },
          ],
        })
        .expect(200);

      const items = await db.knex('order_items').where({ order_id: 1 }).orderBy('product_id');
      expect(items.map((item) => [item.product_id, item.quantity])).to.deep.equal([
        [1, 5],
        [4, 1],
      ]);
    });

    it('replaces a to-one child, and removes it by its policy when set to null', async () => {
      const replaced = await request(app)
        .put('/users/2')
        .send({ name: 'Jane', profile: { bio: 'Writes TypeScript' } })
        .expect(200);
      await request(app).put('/users/1').send({ name: 'John', profile: null }).expect(200);

      expect(replaced.body.profile).to.include({ user_id: 2, bio: 'Writes TypeScript' });
      expect(await db.knex('profiles').select('user_id', 'bio')).to.deep.equal([
        { user_id: 2, bio: 'Writes TypeScript' },
      ]);
    });

    it('leaves the relations that the body does not name alone', async () => {
      await request(app).put('/shops/1').send({ name: 'Green Grocer' }).expect(200);

      expect(await db.knex('products').where({ shop_id: 1 }).count({ n: '*' })).to.deep.equal([
        { n: 3 },
      ]);
    });

    it('requires the required columns, as a whole row does', async () => {
      const before = await snapshotDatabase(db.knex);

      const response = await request(app).put('/shops/1').send({ products: [] });

      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).to.deep.equal([
        { path: 'name', message: "must have required property 'name'" },
      ]);
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });

    it('answers 404 for a row that does not exist, writing nothing', async () => {
      const before = await snapshotDatabase(db.knex);

      expectProblem(
        await request(app).put('/shops/99').send({ name: 'Nowhere', products: [] }),
        404,
        'NOT_FOUND',
      );
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });

    // Tighten after the delete-policy merge: expect DELETE_RESTRICTED only.
    it('refuses with 409 to drop an ordered product from its shop, and nothing changes', async () => {
      const before = await snapshotDatabase(db.knex);

      const response = await request(app)
        .put('/shops/1')
        .send({ name: 'Green Grocer', products: [{ id: 2 }, { id: 3 }] });

      expectProblem(response, 409, 'DELETE_RESTRICTED');
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });
  });

  describe('PATCH', () => {
    it('changes only the columns the body names', async () => {
      const response = await request(app).patch('/products/1').send({ price: 2.75 }).expect(200);

      expect(response.body).to.include({ id: 1, name: 'Rice', price: 2.75, shop_id: 1 });
      expect(await db.knex('order_items').where({ product_id: 1 })).to.have.length(1);
    });

    it('answers 404 for a row that does not exist', async () => {
      expectProblem(await request(app).patch('/products/99').send({ price: 1 }), 404, 'NOT_FOUND');
    });
  });

  describe('DELETE', () => {
    it('answers 204 and the row is gone', async () => {
      await request(app).delete('/books/1').expect(204, '');

      await request(app).get('/books/1').expect(404);
    });

    it('soft-deletes an order: gone from reads, its order items kept for a restore', async () => {
      await request(app).delete('/orders/1').expect(204);

      await request(app).get('/orders/1').expect(404);
      expect(await db.knex('order_items').where({ order_id: 1 })).to.have.length(2);
      expect(await db.knex('products').whereIn('id', [1, 4])).to.have.length(2);
    });

    it('deletes a tag and keeps its posts', async () => {
      await request(app).delete('/tags/2').expect(204);

      expect((await request(app).get('/posts').expect(200)).body.total).to.equal(3);
    });

    it('answers 404 for a row that does not exist', async () => {
      expectProblem(await request(app).delete('/books/99'), 404, 'NOT_FOUND');
    });

    // Tighten after the delete-policy merge: expect DELETE_RESTRICTED only.
    it('refuses with 409 to delete a shop whose products were ordered, and nothing changes', async () => {
      const before = await snapshotDatabase(db.knex);

      const response = await request(app).delete('/shops/1');

      expectProblem(response, 409, 'DELETE_RESTRICTED');
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });
  });
});
