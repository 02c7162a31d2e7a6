import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { type AnyQueryBuilder, type Model, QueryBuilder } from 'objection';
import { demoKnexConfig } from '../../demo';
import {
  bindModels,
  InvalidRelationError,
  RelationNotLoadedError,
  limitPerParent,
  recordQueries,
} from '../../lib';
import { Customer, Order, Post, Product, Shop, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';

type Build = () => QueryBuilder<Model, unknown>;

/**
 * The models of a result as a tree of class names, own keys in order and relations, so that two
 * results compare in everything but the values (which `toJSON` compares).
 */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  return {
    class: value.constructor.name,
    keys,
    relations: keys
      .filter((key) => typeof (value as Record<string, unknown>)[key] === 'object')
      .map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]),
  };
}

// Eager loads run through Objection's pipeline (a fast path of the layer's own saved less than
// 15 % CPU; docs/performance.md): the caller gets what Objection returns, the same models,
// values, order and statements, with the layer's strict loading and query recorder on top.
describeEachDialect('Reads | eager loading returns what Objection returns', (db) => {
  beforeEach(async () => {
    await Shop.query().insertGraph([
      {
        name: 'Green Grocer',
        products: [
          { name: 'Rice', price: 2.5 },
          { name: 'Beans', price: 1.2 },
        ],
      },
      { name: 'Empty Shelf' },
      { name: 'Corner Bakery', products: [{ name: 'Bread', price: 3 }] },
    ]);
    // 'unused' is on no post.
    const [sql, orm] = await Tag.query().insertGraph([
      { name: 'sql' },
      { name: 'orm' },
      { name: 'unused' },
    ]);
    await User.query().insertGraph(
      [
        {
          name: 'Ann',
          profile: { bio: 'Writes about databases' },
          posts: [
            { title: 'Joins', content: '…', tags: [{ id: sql!.id }, { id: orm!.id }] },
            { title: 'Untagged', content: '…' },
          ],
        },
        { name: 'Bob', posts: [{ title: 'Indexes', content: '…', tags: [{ id: sql!.id }] }] },
        { name: 'Cid' },
      ],
      { relate: true },
    );
    const ann = await Customer.query().insert({ name: 'Ann' });
    const [rice, , bread] = await Product.query().orderBy('id');
    await Order.query().insertGraph(
      [
        {
          order_number: 'ORD-1',
          customer_id: ann.id,
          products: [
            { id: rice!.id, quantity: 2, unit_price: 2.5 },
            { id: bread!.id, quantity: 1, unit_price: 3 },
          ],
        },
        {
          order_number: 'ORD-2',
          customer_id: null,
          products: [{ id: rice!.id, quantity: 5, unit_price: 2.4 }],
        },
        { order_number: 'ORD-3', customer_id: null },
      ],
      { relate: ['products'] },
    );
  });

  // Objection starts the queries of a level at once: on one connection they run in the order it
  // starts them, which these tests compare; on a pool of several they may reach the database, and
  // fill the models, in any order.
  let oneConnection: Knex;
  before(() => {
    const config = demoKnexConfig(db.dialect.url);
    oneConnection = knexFactory({ ...config, pool: { ...config.pool, min: 0, max: 1 } });
  });
  after(() => oneConnection.destroy());

  /** The same query run by the layer and by Objection's own execute, with their statements. */
  async function bothWays(build: Build) {
    bindModels(oneConnection);
    try {
      const layer = await recordQueries(oneConnection, async () => build());
      const objection = await recordQueries(oneConnection, async () =>
        QueryBuilder.prototype.execute.call(build()),
      );
      return { layer, objection };
    } finally {
      bindModels(db.knex);
    }
  }

  const statementsOf = (queries: Awaited<ReturnType<typeof recordQueries>>['queries']) =>
    queries.map(({ sql, bindings, model, relation }) => ({ sql, bindings, model, relation }));

  const loads: Array<[string, Build]> = [
    ['HasMany, with a parent that has none', () => Shop.query().withGraphFetched('products')],
    ['BelongsToOne, many parents per row', () => Product.query().withGraphFetched('shop')],
    ['HasOne, with a parent that has none', () => User.query().withGraphFetched('profile')],
    ['ManyToMany, a tag on several posts', () => Post.query().withGraphFetched('tags')],
    ['ManyToMany, a tag on no post', () => Tag.query().withGraphFetched('posts')],
    ['ManyToMany with join-table extras', () => Order.query().withGraphFetched('products')],
    ['BelongsToOne with null foreign keys', () => Order.query().withGraphFetched('customer')],
    ['two levels', () => User.query().withGraphFetched('posts.tags').orderBy('id')],
    ['two relations, two levels', () => User.query().withGraphFetched('[profile, posts.tags]')],
    [
      'two relations, the first with a level below: level by level',
      () => User.query().withGraphFetched('[posts.tags, profile]').orderBy('id'),
    ],
    ['back and forth', () => Shop.query().withGraphFetched('products.[shop, orders.customer]')],
    ['no parents', () => Shop.query().where('name', 'Nowhere').withGraphFetched('products')],
    [
      'only null foreign keys (no query for the relation)',
      () => Order.query().whereNull('customer_id').withGraphFetched('customer'),
    ],
    [
      'parents read twice (a join)',
      () =>
        Shop.query()
          .join('products', 'products.shop_id', 'shops.id')
          .orderBy('products.id')
          .withGraphFetched('products'),
    ],
    [
      'parents filtered through a joined relation',
      () =>
        Shop.query()
          .joinRelated('products')
          .where('products.price', '>', 2)
          .orderBy('products.id')
          .withGraphFetched('products'),
    ],
    ['first()', () => Shop.query().orderBy('id').withGraphFetched('products').first()],
    ['findById', () => User.query().findById(1).withGraphFetched('posts.tags')],
    [
      'batches of parents',
      () => Shop.query().withGraphFetched('products.orders', { maxBatchSize: 2 }),
    ],
    ['typed withGraph', () => User.query().withGraph({ posts: { tags: true }, profile: true })],
  ];

  for (const [name, build] of loads) {
    it(`${name}: the same models, JSON and statements as Objection`, async () => {
      const { layer, objection } = await bothWays(build);

      expect(JSON.stringify(layer.result)).to.equal(JSON.stringify(objection.result));
      expect(shapeOf(layer.result)).to.deep.equal(shapeOf(objection.result));
      expect(statementsOf(layer.queries)).to.deep.equal(statementsOf(objection.queries));
    });
  }

  it('sends each level’s statements before the level below, one per relation and batch', async () => {
    const relationsOf = async (build: Build) =>
      (await recordQueries(db.knex, async () => build())).queries.map(({ relation, bindings }) =>
        [relation ?? '(root)', bindings.length].join(' '),
      );
    // The statements of one level go out at once, on PostgreSQL each on a pool connection of its
    // own, in whichever order the pool hands them out; only the levels' order is fixed.
    const levels = (statements: string[], sizes: number[]) => {
      const found: string[][] = [];
      for (const size of sizes) found.push(statements.splice(0, size).sort());
      return found;
    };

    const users = await relationsOf(() => User.query().withGraphFetched('[posts.tags, profile]'));
    expect(levels(users, [1, 2, 1])).to.deep.equal([
      ['(root) 0'],
      ['User.posts 3', 'User.profile 3'],
      ['Post.tags 3'],
    ]);
    const shops = await relationsOf(() =>
      Shop.query().withGraphFetched('products.orders', { maxBatchSize: 2 }).orderBy('id'),
    );
    expect(levels(shops, [1, 2, 2])).to.deep.equal([
      ['(root) 0'],
      ['Shop.products 1', 'Shop.products 2'],
      ['Product.orders 1', 'Product.orders 2'],
    ]);
  });

  it('marks what it loads as loaded, as Objection does, and nothing else', async () => {
    const users = await User.query().withGraphFetched('[profile, posts.tags]').orderBy('id');
    const [ann, , cid] = users;

    expect(users.every((user) => user.$isLoaded('posts') && user.$isLoaded('profile'))).to.equal(
      true,
    );
    expect(cid!.posts).to.deep.equal([]);
    expect(cid!.profile).to.equal(null);
    expect(ann!.posts![1]!.tags).to.deep.equal([]);
    expect(() => ann!.posts![0]!.user).to.throw(RelationNotLoadedError);
    expect(() => ann!.posts![0]!.tags![0]!.posts).to.throw(RelationNotLoadedError);
    expect(ann!.posts![0]!.tags![0]!.toJSON()).to.have.all.keys(
      'id',
      'name',
      'created_at',
      'updated_at',
    );
  });

  it('gives parents with the same key the same related list or model, as Objection does', async () => {
    const products = await Product.query().withGraphFetched('shop').orderBy('id');
    const shops = await Shop.query()
      .join('products', 'products.shop_id', 'shops.id')
      .orderBy('products.id')
      .withGraphFetched('products');

    expect(products[0]!.shop).to.equal(products[1]!.shop);
    expect(shops[0]!.products).to.equal(shops[1]!.products);
  });

  it('leaves modifiers to Objection, which applies them', async () => {
    const cheap = (query: AnyQueryBuilder) => query.where('price', '<', 2);

    const named = await Shop.query()
      .withGraphFetched('products(cheap)')
      .modifiers({ cheap })
      .orderBy('id');
    const byPath = await Shop.query()
      .withGraphFetched('products')
      .modifyGraph('products', cheap)
      .orderBy('id');
    const topOne = await Shop.query()
      .withGraphFetched('products(top)')
      .modifiers({ top: limitPerParent(1, { orderBy: [['price', 'desc']] }) })
      .orderBy('id');

    for (const shops of [named, byPath]) {
      expect(shops.map((shop) => shop.products!.map((product) => product.name))).to.deep.equal([
        ['Beans'],
        [],
        [],
      ]);
    }
    expect(topOne.map((shop) => shop.products!.map((product) => product.name))).to.deep.equal([
      ['Rice'],
      [],
      ['Bread'],
    ]);
  });

  it('runs $afterFind and the other find hooks through Objection', async () => {
    const seen: string[] = [];
    class AuditedShop extends Shop {
      override $afterFind() {
        seen.push(this.name);
      }
    }

    const shops = await AuditedShop.query().withGraphFetched('products').orderBy('id');

    expect(seen).to.deep.equal(['Green Grocer', 'Empty Shelf', 'Corner Bakery']);
    expect(shops[0]!.products).to.have.length(2);
  });

  it('reads inside the query’s transaction', async () => {
    let names: string[] | undefined;
    await db.knex
      .transaction(async (trx) => {
        const shop = await Shop.query(trx).insertAndFetch({ name: 'Pop-up' });
        await Product.query(trx).insert({ shop_id: shop.id, name: 'Tea', price: 4 });
        const loaded = await Shop.query(trx).findById(shop.id).withGraphFetched('products');
        names = loaded?.products?.map((product) => product.name);
        await trx.rollback();
      })
      .catch(() => undefined); // the rollback rejects the transaction's promise

    expect(names).to.deep.equal(['Tea']);
    expect(await Shop.query().where('name', 'Pop-up')).to.deep.equal([]);
  });

  it('in a transaction, where Objection runs one query at a time, in Objection’s depth-first order', async () => {
    const build = (trx: Knex.Transaction) =>
      User.query(trx).withGraphFetched('[posts.tags, profile]').orderBy('id');
    const inTransaction = (run: (trx: Knex.Transaction) => PromiseLike<unknown>) =>
      recordQueries(db.knex, () => db.knex.transaction(async (trx) => await run(trx)));

    const layer = await inTransaction((trx) => build(trx));
    const objection = await inTransaction((trx) => QueryBuilder.prototype.execute.call(build(trx)));

    expect(JSON.stringify(layer.result)).to.equal(JSON.stringify(objection.result));
    expect(statementsOf(layer.queries)).to.deep.equal(statementsOf(objection.queries));
    expect(layer.queries.map(({ relation }) => relation)).to.deep.equal([
      undefined, // BEGIN
      undefined,
      'User.posts',
      'Post.tags',
      'User.profile',
      undefined, // COMMIT
    ]);
  });

  it('names each relation level for the query recorder', async () => {
    const { queries } = await recordQueries(db.knex, () =>
      User.query().withGraphFetched('posts.tags'),
    );

    expect(queries.map(({ model, relation }) => ({ model, relation }))).to.deep.equal([
      { model: 'User', relation: undefined },
      { model: 'Post', relation: 'User.posts' },
      { model: 'Tag', relation: 'Post.tags' },
    ]);
  });

  it('fails as Objection does for a relation that does not exist', async () => {
    const error = await Shop.query()
      .withGraphFetched('nothing')
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidRelationError);
  });
});
