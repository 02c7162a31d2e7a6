import { expect } from 'chai';
import { DeleteRestrictedError } from '../../lib';
import { Order, Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

// Many-to-many with extra columns: orders and products through order_items.
describeEachDialect('Order | ManyToMany products through order_items (extras)', (db) => {
  async function createOrder() {
    const shop = await Shop.query().insertGraph({
      name: 'Green Grocer',
      products: [
        { name: 'Rice', price: 2.5 },
        { name: 'Beans', price: 1.2 },
      ],
    });
    const [rice, beans] = shop.products!;
    const order = await Order.query().insertGraph(
      {
        order_number: 'ORD-1',
        products: [
          { id: rice!.id, quantity: 2, unit_price: 2.4 },
          { id: beans!.id, quantity: 5, unit_price: 1.2 },
        ],
      },
      { relate: ['products'] },
    );
    return { order, rice: rice!, beans: beans! };
  }

  it('carries quantity and unit_price on an order’s products', async () => {
    const { order } = await createOrder();

    const products = await order.$relatedQuery('products').orderBy('name');

    expect(products.map((p) => [p.name, p.price, p.quantity, p.unit_price])).to.deep.equal([
      ['Beans', 1.2, 5, 1.2],
      ['Rice', 2.5, 2, 2.4],
    ]);
  });

  it('carries quantity and unit_price on a product’s orders', async () => {
    const { rice } = await createOrder();

    const product = await Product.query().findById(rice.id).withGraphFetched('orders');

    expect(product?.orders?.map((o) => [o.order_number, o.quantity, o.unit_price])).to.deep.equal([
      ['ORD-1', 2, 2.4],
    ]);
  });

  it('refuses to delete a product that appears in an order, and deletes nothing', async () => {
    const { rice } = await createOrder();
    const before = await snapshotDatabase(db.knex);

    const error = await Product.query()
      .deleteById(rice.id)
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(DeleteRestrictedError);
    expect(error).to.include({
      code: 'DELETE_RESTRICTED',
      model: 'Product',
      relation: 'orders',
      dependentCount: 1,
    });
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('refuses to delete a shop whose products were ordered, as a whole', async () => {
    const { order } = await createOrder();
    const shop = await Shop.query().findOne({ name: 'Green Grocer' });
    const before = await snapshotDatabase(db.knex);

    const error = await shop!
      .$query()
      .delete()
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(DeleteRestrictedError);
    expect(error).to.include({ model: 'Shop', relation: 'products.orders', dependentCount: 2 });
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    expect(await order.$relatedQuery('products').resultSize()).to.equal(2);
  });

  it('soft-deleting an order keeps its order_items rows, for a restore to find linked', async () => {
    const { order } = await createOrder();

    await order.$query().delete();

    expect(await db.knex('order_items').count({ n: '*' }).first()).to.deep.equal({ n: 2 });
    await order.$query().restore();
    expect(await order.$relatedQuery('products').resultSize()).to.equal(2);
  });

  it('hard-deleting an order deletes its order_items rows and keeps the products', async () => {
    const { order } = await createOrder();

    await order.$query().hardDelete();

    expect(await db.knex('order_items').count({ n: '*' }).first()).to.deep.equal({ n: 0 });
    expect((await Product.query().orderBy('name')).map((p) => p.name)).to.deep.equal([
      'Beans',
      'Rice',
    ]);
  });
});
