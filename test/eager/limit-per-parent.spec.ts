import { expect } from 'chai';
import { InvalidRelationError, limitPerParent, recordQueries, truncateAllTables } from '../../lib';
import { Order, Product, Shop, User } from '../../models';
import { insertShops } from '../queries/bulk-data';
import { describeEachDialect } from '../support/database';

const mostExpensive = (n: number) => limitPerParent(n, { orderBy: [['price', 'desc']] });

// Every parent gets its own first N related rows, in one query per relation level.
describeEachDialect('Eager loading | limitPerParent', (db) => {
  async function createShops() {
    // Saffron and Vanilla cost the same: the one inserted first (lower id) ranks first.
    await Shop.query().insertGraph([
      {
        name: 'Spice Market',
        products: [
          { name: 'Pepper', price: 2 },
          { name: 'Saffron', price: 9.5 },
          { name: 'Vanilla', price: 9.5 },
          { name: 'Cumin', price: 1.25 },
          { name: 'Cardamom', price: 4 },
        ],
      },
      {
        name: 'Corner Bakery',
        products: [
          { name: 'Bread', price: 3 },
          { name: 'Bagel', price: 1.8 },
        ],
      },
      { name: 'Empty Shelves', products: [] },
    ]);
  }

  function productsByShop(shops: Shop[]) {
    return Object.fromEntries(shops.map((s) => [s.name, (s.products ?? []).map((p) => p.name)]));
  }

  it('gives every shop its 3 most expensive products, ties broken by id', async () => {
    await createShops();

    const shops = await Shop.query()
      .withGraphFetched('products(top3)')
      .modifiers({ top3: mostExpensive(3) })
      .orderBy('id');

    expect(productsByShop(shops)).to.deep.equal({
      'Spice Market': ['Saffron', 'Vanilla', 'Cardamom'],
      'Corner Bakery': ['Bread', 'Bagel'],
      'Empty Shelves': [],
    });
  });

  it("limits per shop where Objection's limit in modifyGraph limits all shops together", async () => {
    await createShops();

    const objections = await Shop.query()
      .withGraphFetched('products')
      .modifyGraph('products', (query) => query.orderBy('price', 'desc').orderBy('id').limit(3))
      .orderBy('id');
    const ours = await Shop.query()
      .withGraphFetched('products')
      .modifyGraph('products', mostExpensive(3))
      .orderBy('id');

    expect(objections.flatMap((s) => s.products ?? [])).to.have.length(3);
    expect(productsByShop(objections)).to.deep.equal({
      'Spice Market': ['Saffron', 'Vanilla', 'Cardamom'],
      'Corner Bakery': [],
      'Empty Shelves': [],
    });
    expect(productsByShop(ours)).to.deep.equal({
      'Spice Market': ['Saffron', 'Vanilla', 'Cardamom'],
      'Corner Bakery': ['Bread', 'Bagel'],
      'Empty Shelves': [],
    });
  });

  it('runs one query per relation level, with ROW_NUMBER partitioned by the foreign key', async () => {
    await createShops();

    const { queries } = await recordQueries(db.knex, () =>
      Shop.query()
        .withGraphFetched('products(top3)')
        .modifiers({ top3: mostExpensive(3) }),
    );

    expect(queries).to.have.length(2);
    expect(queries[1]!.relation).to.equal('Shop.products');
    expect(queries[1]!.sql).to.match(
      /row_number\(\) over \(partition by [`"]products[`"]\.[`"]shop_id[`"] order by [`"]products[`"]\.[`"]price[`"] desc/,
    );
  });

  it('runs the same 2 queries for 10 shops and for 1,000 shops', async () => {
    const load = () =>
      recordQueries(db.knex, () =>
        Shop.query()
          .withGraphFetched('products(top3)')
          .modifiers({ top3: mostExpensive(3) }),
      );
    await insertShops(db.knex, 10, 4);
    const ten = await load();
    await truncateAllTables(db.knex);
    await insertShops(db.knex, 1000, 4);
    const thousand = await load();

    expect(ten.queries).to.have.length(2);
    expect(thousand.queries).to.have.length(2);
    expect(thousand.result.map((s) => s.products?.map((p) => p.price))).to.deep.equal(
      Array.from({ length: 1000 }, () => [4, 3, 2]),
    );
  });

  it('leaves no trace of the ranking in the models or their JSON', async () => {
    await createShops();

    const [shop] = await Shop.query()
      .findOne({ name: 'Corner Bakery' })
      .withGraphFetched('products(top3)')
      .modifiers({ top3: mostExpensive(3) })
      .then((s) => [s!]);
    const plain = await Product.query().findOne({ name: 'Bread' });

    expect(Object.keys(shop!.products![0]!).sort()).to.deep.equal(Object.keys(plain!).sort());
    expect(JSON.stringify(shop)).not.to.match(/rank/i);
  });

  it('limits a many-to-many relation per parent by a join-table extra, extras included', async () => {
    await createShops();
    const ids = Object.fromEntries((await Product.query()).map((p) => [p.name, p.id]));
    const item = (name: string, quantity: number) => ({ id: ids[name]!, quantity, unit_price: 1 });
    await Order.query().insertGraph(
      [
        {
          order_number: 'ORD-1',
          products: [item('Saffron', 1), item('Bread', 5), item('Cumin', 3)],
        },
        { order_number: 'ORD-2', products: [item('Saffron', 7), item('Bread', 2)] },
      ],
      { relate: true },
    );

    const { result: orders, queries } = await recordQueries(db.knex, () =>
      Order.query()
        .withGraphFetched('products(biggest)')
        .modifiers({ biggest: limitPerParent(2, { orderBy: [['quantity', 'desc']] }) })
        .orderBy('order_number'),
    );

    expect(queries).to.have.length(2);
    expect(
      orders.map((o) => (o.products ?? []).map((p) => [p.name, p.quantity, p.unit_price])),
    ).to.deep.equal([
      [
        ['Bread', 5, 1],
        ['Cumin', 3, 1],
      ],
      [
        ['Saffron', 7, 1],
        ['Bread', 2, 1],
      ],
    ]);
  });

  it('limits a nested level: every user with their 2 latest posts and those posts’ tags', async () => {
    await User.query().insertGraph(
      [1, 2].map((u) => ({
        name: `User ${u}`,
        posts: [1, 2, 3].map((p) => ({
          title: `Post ${u}.${p}`,
          content: 'Lorem ipsum',
          tags: [{ name: `tag ${u}.${p}` }],
        })),
      })),
    );

    const { result: users, queries } = await recordQueries(db.knex, () =>
      User.query()
        .withGraphFetched('posts(latest).tags')
        .modifiers({ latest: limitPerParent(2, { orderBy: [['id', 'desc']] }) })
        .orderBy('id'),
    );

    expect(queries.map((q) => q.relation ?? q.model)).to.deep.equal([
      'User',
      'User.posts',
      'Post.tags',
    ]);
    expect(
      users.map((u) => (u.posts ?? []).map((p) => [p.title, p.tags?.map((t) => t.name)])),
    ).to.deep.equal([
      [
        ['Post 1.3', ['tag 1.3']],
        ['Post 1.2', ['tag 1.2']],
      ],
      [
        ['Post 2.3', ['tag 2.3']],
        ['Post 2.2', ['tag 2.2']],
      ],
    ]);
  });

  it('limits a relation query of one shop', async () => {
    await createShops();
    const shop = await Shop.query().findOne({ name: 'Spice Market' });

    const products = await shop!.$relatedQuery('products').modify(mostExpensive(2));

    expect(products.map((p) => p.name)).to.deep.equal(['Saffron', 'Vanilla']);
  });

  it('refuses withGraphJoined and queries that are not through a relation', async () => {
    await createShops();

    const joined = await Shop.query()
      .withGraphJoined('products(top3)')
      .modifiers({ top3: mostExpensive(3) })
      .catch((e: unknown) => e);
    const plain = await Product.query()
      .modify(mostExpensive(3))
      .catch((e: unknown) => e);

    expect(joined).to.be.instanceOf(InvalidRelationError);
    expect(plain).to.be.instanceOf(InvalidRelationError);
    expect((plain as Error).message).to.equal(
      'limitPerParent(3) needs a query through a relation, loaded with withGraphFetched or ' +
        '$relatedQuery; this Product query is not one (withGraphJoined cannot limit per parent)',
    );
  });

  it('refuses a limit that is not a positive whole number, or an unknown direction', () => {
    expect(() => limitPerParent(0)).to.throw(RangeError);
    expect(() => limitPerParent(2.5)).to.throw(RangeError);
    expect(() => limitPerParent(3, { orderBy: [['price', 'sideways' as 'asc']] })).to.throw(
      RangeError,
      /asc or desc/,
    );
  });
});
