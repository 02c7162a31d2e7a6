import { expect } from 'chai';
import { Customer, Order } from '../../models';
import { describeEachDialect } from '../support/database';

// Seed 003: a customer has many orders; deleting a customer soft-deletes them with it.
describeEachDialect('Customer | HasMany orders ↔ Order | BelongsToOne customer', () => {
  async function createCustomers() {
    return Customer.query().insertGraph([
      { name: 'Alice', orders: [{ order_number: 'A-1' }, { order_number: 'A-2' }] },
      { name: 'Bob', orders: [{ order_number: 'B-1' }] },
    ]);
  }

  it("lists customer 1's orders", async () => {
    await createCustomers();

    const customer = await Customer.query().findById(1).withGraphFetched('orders');

    expect(customer?.name).to.equal('Alice');
    expect(customer?.orders?.map((o) => o.order_number).sort()).to.deep.equal(['A-1', 'A-2']);
  });

  it('creates an order for an existing customer', async () => {
    const [, bob] = await createCustomers();

    const order = await Order.query().insert({ order_number: 'B-2', customer_id: bob!.id });
    const withCustomer = await Order.query().findById(order.id).withGraphFetched('customer');

    expect(withCustomer?.customer?.name).to.equal('Bob');
    expect(await bob!.$relatedQuery('orders').resultSize()).to.equal(2);
  });

  it('deleting a customer soft-deletes its orders, which keep their customer_id', async () => {
    const [alice] = await createCustomers();

    await Customer.query().deleteById(alice!.id);

    const live = await Order.query().orderBy('order_number');
    expect(live.map((o) => [o.order_number, o.customer_id])).to.deep.equal([['B-1', 2]]);
    const deleted = await Order.query().onlyDeleted().orderBy('order_number');
    expect(deleted.map((o) => [o.order_number, o.customer_id])).to.deep.equal([
      ['A-1', alice!.id],
      ['A-2', alice!.id],
    ]);
  });

  it('reads a guest order with customer null', async () => {
    await Order.query().insert({ order_number: 'G-1' });

    const order = await Order.query().findOne({ order_number: 'G-1' }).withGraphFetched('customer');

    expect(order?.customer).to.equal(null);
  });
});
