import { expect } from 'chai';
import type { Express } from 'express';
import { describeEachDialect } from '../support/database';
import { expectProblem, request, testApp } from '../support/http';
import { snapshotDatabase } from '../support/queries';

interface Row {
  id: number;
  name?: string;
  order_number?: string;
  deleted_at?: string | null;
  orders?: Row[];
}

const numbers = (rows: Row[]) => rows.map((row) => row.order_number).sort();

// The demo's customers and orders are soft-deletable: a DELETE keeps them, hidden, restorable.
describeEachDialect('HTTP | soft delete and restore', (db) => {
  let app: Express;

  beforeEach(async () => {
    await db.knex.seed.run();
    app = testApp(db.knex);
  });

  it('DELETE soft-deletes a customer and its orders: 404, then shown withDeleted, then restored', async () => {
    await request(app).delete('/orders/2').expect(204);
    await request(app).delete('/customers/1').expect(204);

    expectProblem(await request(app).get('/customers/1'), 404, 'NOT_FOUND');
    expect((await request(app).get('/customers').expect(200)).body.total).to.equal(1);
    expect(numbers((await request(app).get('/orders').expect(200)).body.data)).to.deep.equal([
      'ORD-0003',
      'ORD-0004',
    ]);

    const shown = await request(app)
      .get('/customers/1?withDeleted=true&include=orders')
      .expect(200);
    expect(shown.body.deleted_at).to.be.a('string');
    expect(numbers(shown.body.orders)).to.deep.equal(['ORD-0001', 'ORD-0002']);
    const listed = await request(app).get('/customers?withDeleted=true').expect(200);
    expect(listed.body.total).to.equal(2);

    const restored = await request(app).post('/customers/1/restore').expect(200);
    expect(restored.body).to.include({ id: 1, name: 'Alice', deleted_at: null });
    // Exactly the rows its delete reached: ORD-0002, deleted before on its own, stays deleted.
    const orders = await request(app).get('/customers/1?include=orders').expect(200);
    expect(numbers(orders.body.orders)).to.deep.equal(['ORD-0001']);
    expectProblem(await request(app).get('/orders/2'), 404, 'NOT_FOUND');
  });

  it('refuses with 409 to restore an order whose customer is still deleted, and changes nothing', async () => {
    await request(app).delete('/customers/1').expect(204);
    const before = await snapshotDatabase(db.knex);

    expectProblem(await request(app).post('/orders/1/restore'), 409, 'PARENT_DELETED');

    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('answers 404 to a restore of a row that is not deleted, or not there', async () => {
    expectProblem(await request(app).post('/customers/1/restore'), 404, 'NOT_FOUND');
    expectProblem(await request(app).post('/customers/99/restore'), 404, 'NOT_FOUND');
  });

  it('refuses withDeleted on a resource that is never soft-deleted, and a value not a boolean', async () => {
    expectProblem(await request(app).get('/shops?withDeleted=true'), 400, 'VALIDATION_FAILED');
    expectProblem(await request(app).get('/customers?withDeleted=yes'), 400, 'VALIDATION_FAILED');
  });

  it('a soft-deleted order number may be used again', async () => {
    await request(app).delete('/orders/4').expect(204);

    const created = await request(app).post('/orders').send({ order_number: 'ORD-0004' });

    expect(created.status).to.equal(201);
    expectProblem(
      await request(app).post('/orders').send({ order_number: 'ORD-0004' }),
      409,
      'UNIQUE_VIOLATION',
    );
  });
});
