import { expect } from 'chai';
import { RelationNotLoadedError } from '../../lib';
import { Customer, Order, Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { countQueries } from '../support/queries';
import { createShopsAndOrders } from './fixtures';

function namesOf(models: ReadonlyArray<{ name: string }> | undefined): string[] {
  return (models ?? []).map((model) => model.name).sort();
}

// Every way Objection loads a relation marks it loaded, and only what was loaded.
describeEachDialect('Strict loading | every way to load a relation', (db) => {
  it('withGraphFetched loads the relations it names, nested ones included', async () => {
    await createShopsAndOrders();

    const shop = await Shop.query()
      .findOne({ name: 'Green Grocer' })
      .withGraphFetched('products.orders');

    expect(namesOf(shop!.products)).to.deep.equal(['Beans', 'Rice']);
    const rice = shop!.products!.find((p) => p.name === 'Rice')!;
    expect(rice.orders!.map((o) => o.order_number)).to.deep.equal(['ORD-1']);
    expect(() => rice.shop).to.throw(RelationNotLoadedError);
    expect(() => rice.orders![0]!.customer).to.throw(RelationNotLoadedError);
  });

  it('withGraphJoined loads nested relations in one query', async () => {
    await createShopsAndOrders();
    const query = () =>
      Shop.query().withGraphJoined('products.orders.customer').orderBy(['shops.id', 'products.id']);
    // The first joined query per table also reads the tables' columns; Objection caches them.
    await query();

    let shops: Shop[] = [];
    const queries = await countQueries(db.knex, async () => {
      shops = await query();
    });

    expect(queries).to.equal(1);
    const [grocer, bakery] = shops;
    expect(bakery!.products).to.deep.equal([]);
    const [rice, beans] = grocer!.products!;
    expect(rice!.orders![0]!.customer!.name).to.equal('Ann');
    expect(beans!.orders).to.deep.equal([]);
    expect(() => rice!.shop).to.throw(RelationNotLoadedError);
  });

  it('$fetchGraph loads onto an instance and Model.fetchGraph onto many', async () => {
    await createShopsAndOrders();
    const grocer = await Shop.query().findOne({ name: 'Green Grocer' });
    const products = await Product.query().orderBy('name');

    await grocer!.$fetchGraph('products.orders.customer');
    await Product.fetchGraph(products, 'shop');

    const rice = grocer!.products!.find((p) => p.name === 'Rice')!;
    expect(rice.orders![0]!.customer!.name).to.equal('Ann');
    expect(products.map((p) => p.shop!.name)).to.deep.equal(['Green Grocer', 'Green Grocer']);
    expect(() => products[0]!.orders).to.throw(RelationNotLoadedError);
  });

  it('an insertGraph result has the relations it was given loaded, and only those', async () => {
    const shop = await Shop.query().insertGraph({
      name: 'Tech Hub',
      products: [{ name: 'Mouse', price: 19.99 }],
    });
    const empty = await Shop.query().insertGraph({ name: 'Corner Bakery', products: [] });

    expect(namesOf(shop.products)).to.deep.equal(['Mouse']);
    expect(empty.products).to.deep.equal([]);
    expect(() => shop.products![0]!.orders).to.throw(RelationNotLoadedError);
  });

  it('an upsertGraph result has the relations it was given loaded', async () => {
    const { grocer } = await createShopsAndOrders();
    const [rice] = grocer.products!;

    const shop = await Shop.query().upsertGraph({
      id: grocer.id,
      products: [
        { id: rice!.id, price: 2.75 },
        { name: 'Lentils', price: 3.1 },
      ],
    });

    expect(shop.products!.map((p) => p.price)).to.deep.equal([2.75, 3.1]);
    expect(namesOf(await grocer.$relatedQuery('products'))).to.deep.equal(['Lentils', 'Rice']);
  });

  it('$setRelated and $appendRelated load a relation', async () => {
    const { grocer, ann } = await createShopsAndOrders();
    const shop = await Shop.query().findById(grocer.id);
    const customer = await Customer.query().findById(ann.id);
    const beans = await Product.query().findOne({ name: 'Beans' });
    const order = await Order.query().findOne({ order_number: 'ORD-1' });

    order!.$setRelated('customer', customer);
    shop!.$appendRelated('products', beans);
    order!.$setRelated('products', []);

    expect(order!.customer!.name).to.equal('Ann');
    expect(namesOf(shop!.products)).to.deep.equal(['Beans']);
    expect(order!.products).to.deep.equal([]);
  });

  it('a plain assignment loads a relation', async () => {
    await createShopsAndOrders();
    const shop = await Shop.query().findOne({ name: 'Corner Bakery' });

    shop!.products = [];

    expect(shop!.products).to.deep.equal([]);
    expect(shop!.$isLoaded('products')).to.equal(true);
  });

  it('fromJson loads the nested relations it is given', async () => {
    const shop = Shop.fromJson({
      name: 'Green Grocer',
      products: [{ name: 'Rice', price: 2.5, orders: [{ order_number: 'ORD-9' }] }],
    });

    const [rice] = shop.products!;

    expect(rice).to.be.instanceOf(Product);
    expect(rice!.orders![0]).to.be.instanceOf(Order);
    expect(rice!.orders![0]!.order_number).to.equal('ORD-9');
    expect(() => rice!.shop).to.throw(RelationNotLoadedError);
  });
});
