import { expect } from 'chai';
import { type Model, QueryBuilder, type QueryContext } from 'objection';
import {
  type RecordedQuery,
  UniqueViolationError,
  ValidationFailedError,
  dialectOf,
  recordQueries,
  truncateAllTables,
} from '../../lib';
import { Order, Post, Product, Shop, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

type Json = Record<string, unknown>;

function insertsInto(queries: RecordedQuery[], table: string): number {
  const insert = new RegExp(`^insert into ["\`]${table}["\`]`);
  return queries.filter((query) => insert.test(query.sql)).length;
}

/** The JSON of a graph with its timestamps replaced, so two runs can be compared. */
function withoutTimestamps(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key: string, field: unknown) =>
    key === 'created_at' || key === 'updated_at' ? typeof field : field,
  );
}

function shopsGraph(shops: number, products: number): Json[] {
  return Array.from({ length: shops }, (_, s) => ({
    name: `Shop ${s}`,
    products: Array.from({ length: products }, (_, p) => ({ name: `P${s}-${p}`, price: p + 0.5 })),
  }));
}

describeEachDialect('Graph insert | set-based, one statement per relation level', (db) => {
  /** Objection's own insertGraph on a layer builder: the node-by-node path, for comparison. */
  function objectionInsertGraph(builder: QueryBuilder<Model, unknown>, graph: unknown) {
    const insertGraph = QueryBuilder.prototype.insertGraph as (
      graph: unknown,
    ) => PromiseLike<unknown>;
    return insertGraph.call(builder, graph);
  }

  /** Inserts `graph` both ways from an empty database and returns both results and tables. */
  async function bothWays(insert: (path: 'objection' | 'layer') => PromiseLike<unknown>) {
    const objection = withoutTimestamps(await insert('objection'));
    const objectionTables = withoutTimestamps(await snapshotDatabase(db.knex));
    await truncateAllTables(db.knex);
    const layer = withoutTimestamps(await insert('layer'));
    const layerTables = withoutTimestamps(await snapshotDatabase(db.knex));
    return { objection, objectionTables, layer, layerTables };
  }

  it('inserts shops and their products with one INSERT each', async () => {
    const { queries } = await recordQueries(db.knex, () =>
      Shop.query().insertGraph(shopsGraph(3, 4)),
    );

    expect(insertsInto(queries, 'shops')).to.equal(1);
    expect(insertsInto(queries, 'products')).to.equal(1);
    expect(queries.filter((query) => /^insert/i.test(query.sql))).to.have.length(2);
  });

  it('gives ids in input order and sets every foreign key', async () => {
    const shops = await Shop.query().insertGraph(shopsGraph(3, 2));

    expect(shops.map((shop) => shop.id)).to.deep.equal([1, 2, 3]);
    expect(shops.map((shop) => shop.products!.map((p) => [p.id, p.shop_id]))).to.deep.equal([
      [
        [1, 1],
        [2, 1],
      ],
      [
        [3, 2],
        [4, 2],
      ],
      [
        [5, 3],
        [6, 3],
      ],
    ]);
    const rows = await db.knex('products').orderBy('id').select('id', 'shop_id', 'name');
    expect(rows.map((row: Json) => [row.id, row.shop_id, row.name])).to.deep.equal(
      shops.flatMap((shop) => shop.products!.map((p) => [p.id, p.shop_id, p.name])),
    );
  });

  it('returns and writes exactly what Objection’s node-by-node insert does', async () => {
    const graph = shopsGraph(2, 3);

    const result = await bothWays((path) =>
      path === 'objection'
        ? objectionInsertGraph(Shop.query(), graph)
        : Shop.query().insertGraph(graph),
    );

    expect(result.layer).to.deep.equal(result.objection);
    expect(result.layerTables).to.deep.equal(result.objectionTables);
  });

  it('inserts BelongsToOne parents first and writes many-to-many join rows', async () => {
    const graph = [
      {
        title: 'First',
        content: 'Body',
        user: { name: 'Ann' },
        tags: [{ name: 'news' }, { name: 'tech' }],
      },
      { title: 'Second', content: 'Body', user: { name: 'Bob' }, tags: [{ name: 'misc' }] },
    ];

    const result = await bothWays((path) =>
      path === 'objection'
        ? objectionInsertGraph(Post.query(), graph)
        : Post.query().insertGraph(graph),
    );

    expect(result.layer).to.deep.equal(result.objection);
    expect(result.layerTables).to.deep.equal(result.objectionTables);
    const joins = await db.knex('post_tags').orderBy(['post_id', 'tag_id']);
    expect(joins.map((row: Json) => [row.post_id, row.tag_id])).to.deep.equal([
      [1, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('inserts three levels with HasOne, HasMany and ManyToMany in one statement per table', async () => {
    const graph = [
      {
        name: 'Ann',
        profile: { bio: 'Writes' },
        posts: [
          { title: 'A', content: 'a', tags: [{ name: 'one' }, { name: 'two' }] },
          { title: 'B', content: 'b', tags: [{ name: 'three' }] },
        ],
      },
      { name: 'Bob', profile: { bio: 'Reads' }, posts: [{ title: 'C', content: 'c' }] },
    ];

    const { queries } = await recordQueries(db.knex, () => User.query().insertGraph(graph));
    const layerTables = withoutTimestamps(await snapshotDatabase(db.knex));
    await truncateAllTables(db.knex);
    await objectionInsertGraph(User.query(), graph);

    expect(layerTables).to.deep.equal(withoutTimestamps(await snapshotDatabase(db.knex)));
    for (const table of ['users', 'profiles', 'posts', 'tags', 'post_tags']) {
      expect(insertsInto(queries, table), table).to.equal(1);
    }
  });

  it('writes many-to-many extras to the join table, not to the related table', async () => {
    const order = await Order.query().insertGraph({
      order_number: 'ORD-1',
      products: [
        { name: 'Rice', price: 2.5, quantity: 2, unit_price: 2.4, shop: { name: 'Grocer' } },
        { name: 'Beans', price: 1.2, quantity: 5, unit_price: 1.1, shop: { name: 'Market' } },
      ],
    });

    const items = await db.knex('order_items').orderBy('product_id');
    expect(
      items.map((row: Json) => [row.order_id, row.product_id, row.quantity, row.unit_price]),
    ).to.deep.equal([
      [order.id, order.products![0]!.id, 2, 2.4],
      [order.id, order.products![1]!.id, 5, 1.1],
    ]);
    const products = await Product.query().orderBy('id');
    expect(products.map((p) => [p.name, p.shop_id])).to.deep.equal([
      ['Rice', order.products![0]!.shop!.id],
      ['Beans', order.products![1]!.shop!.id],
    ]);
  });

  it('validates every node before writing anything, with Objection’s error paths', async () => {
    const graph = shopsGraph(2, 3);
    (graph[1]!.products as Json[])[2]!.price = -1;
    const before = await snapshotDatabase(db.knex);

    const { result: error, queries } = await recordQueries(db.knex, () =>
      Shop.query()
        .insertGraph(graph)
        .catch((e: unknown) => e),
    );

    expect(error).to.be.instanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).errors.map((e) => e.path)).to.deep.equal([
      'products[2].price',
    ]);
    expect(queries.filter((query) => /^insert/i.test(query.sql))).to.have.length(0);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('leaves the database as it was when a row of a later level is refused', async () => {
    await Shop.query().insert({ name: 'Existing' });
    const before = await snapshotDatabase(db.knex);
    const graph = shopsGraph(2, 2);
    (graph[1]!.products as Json[])[1]!.name = 'P1-0';

    const error = await Shop.query()
      .insertGraph(graph)
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(UniqueViolationError);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('runs $beforeInsert on every node and $afterInsert once its row has an id', async () => {
    const afterInsert: Array<{ id: number; productIds: Array<number | undefined> }> = [];
    class AuditedShop extends Shop {
      override $afterInsert(context: QueryContext) {
        afterInsert.push({ id: this.id, productIds: (this.products ?? []).map((p) => p.id) });
        return super.$afterInsert(context);
      }
    }

    const shops = await AuditedShop.query().insertGraph(shopsGraph(2, 1));

    // As in Objection, a level's hooks run before the next level is inserted.
    expect(afterInsert).to.deep.equal([
      { id: 1, productIds: [undefined] },
      { id: 2, productIds: [undefined] },
    ]);
    for (const node of [...shops, ...shops.flatMap((shop) => shop.products!)]) {
      expect(node.created_at).to.match(/^\d{4}-\d{2}-\d{2}T/);
      expect(node.updated_at).to.equal(node.created_at);
    }
  });

  it('splits a level into statements within the dialect’s limits, keeping the order', async () => {
    const count = 1201;
    const { rows, parameters } = dialectOf(db.knex).insertLimits;
    const columns = 5; // shop_id, name, price, created_at, updated_at
    const perStatement = Math.min(rows, Math.floor(parameters / columns));

    const { result: shops, queries } = await recordQueries(db.knex, async () =>
      Shop.query().insertGraph(shopsGraph(1, count)),
    );

    expect(insertsInto(queries, 'products')).to.equal(Math.ceil(count / perStatement));
    const ids = shops[0]!.products!.map((p) => p.id);
    expect(ids).to.deep.equal(Array.from({ length: count }, (_, i) => i + 1));
    const stored = await db.knex('products').orderBy('id').pluck('name');
    expect(stored).to.deep.equal(shops[0]!.products!.map((p) => p.name));
  });

  it('starts a new statement when the columns change, so no column gets NULL for its default', async () => {
    const { result: users, queries } = await recordQueries(db.knex, async () =>
      User.query().insertGraph([
        { name: 'Ann', profile: { bio: 'Writes' } },
        { name: 'Bob', profile: {} },
        { name: 'Cid', profile: {} },
      ]),
    );

    expect(insertsInto(queries, 'profiles')).to.equal(2);
    const profiles = await db.knex('profiles').orderBy('id').select('id', 'user_id', 'bio');
    expect(profiles.map((row: Json) => [row.id, row.user_id, row.bio])).to.deep.equal(
      users.map((user, index) => [user.profile!.id, user.id, index === 0 ? 'Writes' : null]),
    );
  });

  it('inserts through a relation, which sets the owner’s key', async () => {
    const [shop] = await Shop.query().insertGraph(shopsGraph(1, 0));

    const products = await shop!.$relatedQuery('products').insertGraph([
      { name: 'Rice', price: 2.5 },
      { name: 'Beans', price: 1.2 },
    ]);

    expect(products.map((p) => [p.id, p.shop_id])).to.deep.equal([
      [1, shop!.id],
      [2, shop!.id],
    ]);
  });

  it('inserts and fetches with insertGraphAndFetch', async () => {
    const shop = await Shop.query().insertGraphAndFetch({
      name: 'Grocer',
      products: [{ name: 'Rice', price: 2.5 }],
    });

    expect(shop.products!.map((p) => [p.id, p.shop_id, p.name])).to.deep.equal([
      [1, shop.id, 'Rice'],
    ]);
  });

  it('rolls back with the caller’s transaction', async () => {
    const before = await snapshotDatabase(db.knex);

    await db.knex
      .transaction(async (trx) => {
        await Shop.query(trx).insertGraph(shopsGraph(2, 2));
        throw new Error('changed my mind');
      })
      .catch(() => undefined);

    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('leaves graphs with #id/#ref references to Objection, which resolves them', async () => {
    const posts = await Post.query().insertGraph(
      [
        { title: 'A', content: 'a', user: { '#id': 'ann', name: 'Ann' }, tags: [{ name: 't' }] },
        { title: 'B', content: 'b', user: { '#ref': 'ann' } },
      ],
      { allowRefs: true },
    );

    expect(posts.map((post) => post.user_id)).to.deep.equal([1, 1]);
    expect(await User.query().resultSize()).to.equal(1);
    expect(await Tag.query().resultSize()).to.equal(1);
  });
});
