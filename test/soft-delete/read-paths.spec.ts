import { expect } from 'chai';
import { ChildNotFoundError, findByIdJoined, limitPerParent, NotFoundError } from '../../lib';
import { Customer, Order } from '../../models';
import { describeEachDialect } from '../support/database';

// Every path of the layer that reads rows, on a soft-deleted customer and a soft-deleted order:
// invisible unless the query asks for them.
describeEachDialect('Soft delete | every read path leaves soft-deleted rows out', (db) => {
  let aliceId: number;
  let bobId: number;
  let keptOrderId: number;
  let deletedOrderId: number;

  beforeEach(async () => {
    const [alice, bob] = await Customer.query().insertGraph([
      { name: 'Alice', orders: [{ order_number: 'A-1' }] },
      { name: 'Bob', orders: [{ order_number: 'B-1' }, { order_number: 'B-2' }] },
    ]);
    aliceId = alice!.id;
    bobId = bob!.id;
    keptOrderId = bob!.orders!.find((o) => o.order_number === 'B-1')!.id;
    deletedOrderId = bob!.orders!.find((o) => o.order_number === 'B-2')!.id;
    await Customer.query().deleteById(aliceId);
    await Order.query().deleteById(deletedOrderId);
  });

  const numbersOf = (orders: readonly Order[] | undefined) =>
    (orders ?? []).map((o) => o.order_number).sort();

  it('the rows are still in the table, marked', async () => {
    const rows = await db.knex('orders').whereNotNull('deleted_at').orderBy('order_number');
    expect(rows.map((row: { order_number: string }) => row.order_number)).to.deep.equal([
      'A-1',
      'B-2',
    ]);
  });

  it('a plain read and a count', async () => {
    expect((await Customer.query()).map((c) => c.name)).to.deep.equal(['Bob']);
    expect(numbersOf(await Order.query())).to.deep.equal(['B-1']);
    expect(await Order.query().resultSize()).to.equal(1);
  });

  it('findById and an instance query', async () => {
    expect(await Customer.query().findById(aliceId)).to.equal(undefined);
    expect(await Order.query().findById(deletedOrderId)).to.equal(undefined);
    expect((await Order.query().findById(keptOrderId))?.order_number).to.equal('B-1');
  });

  it('withGraphFetched', async () => {
    const customers = await Customer.query().withGraphFetched('orders');
    expect(customers.map((c) => [c.name, numbersOf(c.orders)])).to.deep.equal([['Bob', ['B-1']]]);
    const orders = await Order.query().withGraphFetched('customer').orderBy('order_number');
    expect(orders.map((o) => [o.order_number, o.customer?.name])).to.deep.equal([['B-1', 'Bob']]);
  });

  it('withGraphJoined', async () => {
    const customers = await Customer.query().withGraphJoined('orders');
    expect(customers.map((c) => [c.name, numbersOf(c.orders)])).to.deep.equal([['Bob', ['B-1']]]);
  });

  it('findByIdJoined, on its first read and after', async () => {
    for (let read = 0; read < 2; read++) {
      const bob = (await findByIdJoined(Customer, db.knex, bobId, { orders: {} })) as Customer;
      expect(numbersOf(bob.orders)).to.deep.equal(['B-1']);
      expect(await findByIdJoined(Customer, db.knex, aliceId, { orders: {} })).to.equal(undefined);
    }
  });

  it('$relatedQuery', async () => {
    const bob = await Customer.query().findById(bobId);
    expect(numbersOf(await bob!.$relatedQuery('orders'))).to.deep.equal(['B-1']);
    expect(await bob!.$relatedQuery('orders').resultSize()).to.equal(1);
  });

  it('limitPerParent', async () => {
    const [bob] = await Customer.query()
      .withGraphFetched('orders(latest)')
      .modifiers({ latest: limitPerParent(5, { orderBy: [['order_number', 'desc']] }) });
    expect(numbersOf(bob!.orders)).to.deep.equal(['B-1']);
  });

  it("an upsert's current graph: a soft-deleted child is no current child, and stays deleted", async () => {
    await Customer.query().upsertGraph({
      id: bobId,
      name: 'Bob',
      orders: [{ id: keptOrderId, order_number: 'B-1' }],
    });
    expect(await Order.query().withDeleted().findById(deletedOrderId)).to.include({
      order_number: 'B-2',
    });
    expect(numbersOf(await Order.query().where('customer_id', bobId))).to.deep.equal(['B-1']);
  });

  it('an upsert naming a soft-deleted child by id is refused, and nothing is written', async () => {
    const before = await db.knex('orders').orderBy('id');
    const error = await Customer.query()
      .upsertGraph({
        id: bobId,
        name: 'Bob',
        orders: [{ id: deletedOrderId, order_number: 'B-2' }],
      })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ChildNotFoundError).and.instanceOf(NotFoundError);
    expect(await db.knex('orders').orderBy('id')).to.deep.equal(before);
  });

  it('a patch or a delete of a soft-deleted row finds nothing', async () => {
    expect(await Order.query().findById(deletedOrderId).patch({ order_number: 'X-1' })).to.equal(0);
    expect(await Order.query().deleteById(deletedOrderId)).to.equal(0);
    expect(await Order.query().withDeleted().findById(deletedOrderId)).to.include({
      order_number: 'B-2',
    });
  });

  it('withDeleted() shows them, in the relations it loads too', async () => {
    const customers = await Customer.query().withDeleted().withGraphFetched('orders').orderBy('id');
    expect(customers.map((c) => [c.name, numbersOf(c.orders)])).to.deep.equal([
      ['Alice', ['A-1']],
      ['Bob', ['B-1', 'B-2']],
    ]);
    expect(await Order.query().withDeleted().resultSize()).to.equal(3);
    const alice = await Customer.query().withDeleted().findById(aliceId);
    expect(alice?.deleted_at).to.be.a('string');
    expect(new Date(alice!.deleted_at!).toISOString()).to.equal(alice!.deleted_at);
  });

  it('onlyDeleted() shows only them', async () => {
    expect((await Customer.query().onlyDeleted()).map((c) => c.name)).to.deep.equal(['Alice']);
    expect(numbersOf(await Order.query().onlyDeleted())).to.deep.equal(['A-1', 'B-2']);
    const bob = await Customer.query().findById(bobId);
    expect(numbersOf(await bob!.$relatedQuery('orders').onlyDeleted())).to.deep.equal(['B-2']);
  });
});
