import { expect } from 'chai';
import { RelationNotLoadedError } from '../../lib';
import { Order, Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { createShopsAndOrders } from './fixtures';

// Objection reads relation properties itself, to walk graphs and to tell what an upsert was
// given. None of that may trip strict loading, whatever is loaded and whatever is not.
describeEachDialect('Strict loading | Objection’s own reads never trip it', (db) => {
  it('inserts a nested graph that relates existing rows through a join table', async () => {
    const { rice } = await createShopsAndOrders();

    const shop = await Shop.query().insertGraph({
      name: 'Tech Hub',
      products: [
        {
          name: 'Mouse',
          price: 19.99,
          orders: [{ order_number: 'ORD-2', quantity: 1, unit_price: 19.99 }],
        },
      ],
    });
    const order = await Order.query().insertGraph(
      { order_number: 'ORD-3', products: [{ id: rice.id, quantity: 1, unit_price: 2.5 }] },
      { relate: true },
    );

    expect(shop.products![0]!.orders![0]!.order_number).to.equal('ORD-2');
    expect(order.products!.map((p) => p.id)).to.deep.equal([rice.id]);
    expect(await db.knex('order_items').count({ n: '*' })).to.deep.equal([{ n: 3 }]);
  });

  it('inserts a graph whose nodes are model instances with unloaded relations', async () => {
    const { grocer } = await createShopsAndOrders();
    // A linked product carries its id and the join-table extras, nothing else of the product.
    const existing = await Product.query().findOne({ name: 'Rice' }).select('id');
    Object.assign(existing!, { quantity: 3, unit_price: 2.4 });

    const order = await Order.query().insertGraph(
      { order_number: 'ORD-4', products: [existing!] },
      { relate: true },
    );
    const copy = await Product.query().insert(
      Product.fromJson({ shop_id: grocer.id, name: 'Rice 2', price: 2.5 }),
    );

    expect(order.products).to.have.length(1);
    expect(copy.shop_id).to.equal(grocer.id);
    expect(() => existing!.shop).to.throw(RelationNotLoadedError);
  });

  it('upserts a fetched graph back with nested changes: update, insert, delete, relate', async () => {
    const { grocer, bakery, rice } = await createShopsAndOrders();
    const shop = await Shop.query().findById(grocer.id).withGraphFetched('products');
    const { id: breadId } = await Product.query().insert({
      shop_id: bakery.id,
      name: 'Bread',
      price: 3,
    });
    // Linked products carry their id and the join-table extras, nothing else of the product.
    const bread = await Product.query().findById(breadId).select('id').throwIfNotFound();
    Object.assign(bread, { quantity: 1, unit_price: 3 });

    await Shop.query().upsertGraph({
      id: shop!.id,
      name: 'Green Grocer',
      products: [
        { id: rice.id, name: 'Rice', price: 2.6 },
        { name: 'Lentils', price: 3.1 },
      ],
    });
    const order = await Order.query()
      .findOne({ order_number: 'ORD-1' })
      .withGraphFetched('products(onlyId)')
      .modifiers({ onlyId: (query) => query.select('products.id') });
    await Order.query().upsertGraph(
      { id: order!.id, products: [...order!.products!, bread] },
      { relate: true, noDelete: true },
    );

    const after = await Shop.query()
      .findById(grocer.id)
      .withGraphFetched('products(byName).orders')
      .modifiers({
        byName: (query) => query.orderBy('name'),
      });
    expect(after!.products!.map((p) => [p.name, p.price])).to.deep.equal([
      ['Lentils', 3.1],
      ['Rice', 2.6],
    ]);
    const ordered = await Order.relatedQuery('products').for(order!.id).orderBy('name');
    expect(ordered.map((p) => [p.name, p.quantity])).to.deep.equal([
      ['Bread', 1],
      ['Rice', 2],
    ]);
  });

  it('upserts a model instance whose other relations were never loaded', async () => {
    const { grocer } = await createShopsAndOrders();
    const shop = await Shop.query().findById(grocer.id);
    const products = await shop!.$relatedQuery('products').orderBy('name');
    shop!.products = products.map((p) =>
      Product.fromJson({ id: p.id, name: p.name, price: p.price + 1 }),
    );

    const result = await Shop.query().upsertGraph(shop!);

    expect(result.products!.map((p) => p.price)).to.deep.equal([2.2, 3.5]);
    expect(() => products[0]!.orders).to.throw(RelationNotLoadedError);
  });

  it('updates and patches an instance through $query while its relations are unloaded', async () => {
    const { grocer } = await createShopsAndOrders();
    const shop = await Shop.query().findById(grocer.id);

    shop!.name = 'Green Grocer & Co';
    await shop!.$query().update();
    await shop!.$query().patch({ name: 'Grocer' });

    expect((await Shop.query().findById(grocer.id))!.name).to.equal('Grocer');
    expect(shop!.$isLoaded('products')).to.equal(false);
  });

  it('$clone copies what is loaded and leaves the rest unloaded, deep or shallow', async () => {
    const { grocer } = await createShopsAndOrders();
    const shop = await Shop.query().findById(grocer.id).withGraphFetched('products');

    const deep = shop!.$clone();
    const shallow = shop!.$clone({ shallow: true });

    expect(deep.products!.map((p) => p.name)).to.deep.equal(shop!.products!.map((p) => p.name));
    expect(deep.products![0]).not.to.equal(shop!.products![0]);
    expect(() => deep.products![0]!.orders).to.throw(RelationNotLoadedError);
    expect(shallow.$isLoaded('products')).to.equal(false);
  });

  it('$fetchGraph on a partly loaded graph loads the rest, skipping what is there if asked', async () => {
    const { grocer } = await createShopsAndOrders();
    const shop = await Shop.query().findById(grocer.id).withGraphFetched('products');

    await shop!.$fetchGraph('products.[orders.customer, shop]', { skipFetched: true });

    const rice = shop!.products!.find((p) => p.name === 'Rice')!;
    expect(rice.orders![0]!.customer!.name).to.equal('Ann');
    expect(rice.shop!.name).to.equal('Green Grocer');
  });

  it('withGraphJoined and withGraphFetched load the same nested graph', async () => {
    await createShopsAndOrders();
    const expression = '[products(byId).[orders.[customer, products(byId)], shop]]';
    const modifiers = {
      byId: (query: { orderBy(column: string): unknown }) => query.orderBy('id'),
    };

    const fetched = await Shop.query()
      .withGraphFetched(expression)
      .modifiers(modifiers)
      .orderBy('id');
    const joined = await Shop.query()
      .withGraphJoined('products.[orders.[customer, products], shop]')
      .orderBy(['shops.id', 'products.id', 'products:orders:products.id']);

    expect(joined.map((s) => s.toJSON())).to.deep.equal(fetched.map((s) => s.toJSON()));
  });

  it('traverses only the relations that are loaded', async () => {
    const { grocer } = await createShopsAndOrders();
    const shop = await Shop.query().findById(grocer.id).withGraphFetched('products');

    const visited: string[] = [];
    shop!.$traverse((model) => visited.push(model.constructor.name));
    await Shop.traverseAsync(shop!, async (model) => {
      visited.push(`async ${model.constructor.name}`);
    });

    expect(visited).to.deep.equal([
      'Shop',
      'Product',
      'Product',
      'async Shop',
      'async Product',
      'async Product',
    ]);
  });

  it('fromJson copies an instance, keeping its unloaded relations unloaded', async () => {
    const { grocer } = await createShopsAndOrders();
    const shop = await Shop.query().findById(grocer.id);

    const copy = Shop.fromJson(shop!);

    expect(copy.name).to.equal('Green Grocer');
    expect(copy.$isLoaded('products')).to.equal(false);
  });
});
