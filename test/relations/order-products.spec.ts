import { expect } from 'chai';
import { ForeignKeyViolationError } from '../../lib';
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

    expect(error).to.be.instanceOf(ForeignKeyViolationError);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });
});
