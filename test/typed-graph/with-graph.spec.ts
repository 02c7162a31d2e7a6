import { expect } from 'chai';
import { fetchGraph, recordQueries, RelationNotLoadedError } from '../../lib';
import { Customer, Order, Shop, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { countQueries } from '../support/queries';

// Typed eager loading: what the type says is loaded is what was loaded, in one query per level.
describeEachDialect('Typed eager loading | withGraph and fetchGraph', (db) => {
  async function createShops(count: number) {
    const shops = Array.from({ length: count }, (_, i) => ({
      name: `Shop ${i}`,
      products: [
        { name: `Rice ${i}`, price: 2.5 },
        { name: `Beans ${i}`, price: 1.2 },
      ],
    }));
    const created = await Shop.query().insertGraph(shops);
    const ann = await Customer.query().insert({ name: 'Ann' });
    const [rice] = created[0]!.products!;
    await Order.query().insertGraph(
      {
        order_number: 'ORD-1',
        customer_id: ann.id,
        products: [{ id: rice!.id, quantity: 2, unit_price: 2.5 }],
      },
      { relate: true },
    );
  }

  it('loads shops, their products and the products’ orders, one query per level', async () => {
    await createShops(3);

    const { result: shops, queries } = await recordQueries(db.knex, async () =>
      Shop.query()
        .withGraph({ products: { orders: true } })
        .orderBy('id'),
    );

    expect(queries.map((q) => q.sql.match(/from [`"](\w+)[`"]/)?.[1])).to.deep.equal([
      'shops',
      'products',
      'orders',
    ]);
    expect(shops.map((s) => s.products.map((p) => [p.name, p.orders.length]))).to.deep.equal([
      [
        ['Rice 0', 1],
        ['Beans 0', 0],
      ],
      [
        ['Rice 1', 0],
        ['Beans 1', 0],
      ],
      [
        ['Rice 2', 0],
        ['Beans 2', 0],
      ],
    ]);
    expect(() => (shops[0]!.products[0] as { shop?: unknown }).shop).to.throw(
      RelationNotLoadedError,
    );
  });

  it('runs the same queries as withGraphFetched', async () => {
    await createShops(2);

    const typed = await recordQueries(db.knex, async () =>
      Shop.query().withGraph({ products: { orders: { customer: true } } }),
    );
    const untyped = await recordQueries(db.knex, async () =>
      Shop.query().withGraphFetched('products.orders.customer'),
    );

    const statements = (queries: typeof typed.queries) =>
      queries.map(({ sql, bindings }) => ({ sql, bindings }));
    expect(statements(typed.queries)).to.deep.equal(statements(untyped.queries));
    expect(typed.result.map((s) => s.toJSON())).to.deep.equal(
      untyped.result.map((s) => s.toJSON()),
    );
  });

  it('filters and orders a relation with the modifiers $modify names', async () => {
    await createShops(2);

    const shops = await Shop.query()
      .withGraph({ products: { $modify: ['cheapByName'], orders: true } })
      .modifiers({ cheapByName: (query) => query.where('price', '<', 2).orderBy('name') })
      .orderBy('id');

    expect(shops.map((s) => s.products.map((p) => [p.name, p.orders.length]))).to.deep.equal([
      [['Beans 0', 0]],
      [['Beans 1', 0]],
    ]);
  });

  it('loads one row with findById, and a missing BelongsToOne or HasOne as null', async () => {
    await createShops(1);
    const guest = await Order.query().insert({ order_number: 'GUEST-1' });
    const john = await User.query().insert({ name: 'John' });

    const order = await Order.query().findById(guest.id).withGraph({ customer: true });
    const user = await User.query().findById(john.id).withGraph({ profile: true, posts: true });
    const none = await User.query()
      .findById(john.id + 1)
      .withGraph({ profile: true });

    expect(order!.customer).to.equal(null);
    expect(user!.profile).to.equal(null);
    expect(user!.posts).to.deep.equal([]);
    expect(none).to.equal(undefined);
  });

  it('fetchGraph loads onto models already in memory, one query per level', async () => {
    await createShops(3);
    const shops = await Shop.query().orderBy('id');
    const first = await Shop.query().findOne({ name: 'Shop 0' });

    let loaded: Awaited<ReturnType<typeof load>> = [];
    const load = () => fetchGraph(shops, { products: { orders: true } });
    const queries = await countQueries(db.knex, async () => {
      loaded = await load();
    });
    const one = await fetchGraph(first!, { products: true });

    expect(queries).to.equal(2);
    expect(loaded).to.equal(shops);
    expect(loaded[0]!.products[0]!.orders[0]!.order_number).to.equal('ORD-1');
    expect(one.products.map((p) => p.name)).to.deep.equal(['Rice 0', 'Beans 0']);
    expect(await fetchGraph([] as Shop[], { products: true })).to.deep.equal([]);
  });
});
