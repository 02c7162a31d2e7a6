import { expect } from 'chai';
import {
  DeleteRestrictedError,
  Deletion,
  InvalidRelationError,
  LayerError,
  ValidationFailedError,
} from '../../lib';
import { Customer, Order, Post, Product, Shop, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

// upsertGraph: the children missing from the new graph go the way their relation's policy says.
describeEachDialect('Graph upserts | missing children go through their delete policy', (db) => {
  async function grocer() {
    return Shop.query().insertGraph({
      name: 'Green Grocer',
      products: [
        { name: 'Rice', price: 2.5 },
        { name: 'Beans', price: 1.2 },
      ],
    });
  }

  async function refusal(write: () => PromiseLike<unknown>): Promise<unknown> {
    const before = await snapshotDatabase(db.knex);
    const error = await Promise.resolve(write()).then(
      () => expect.fail('the upsert was expected to be refused'),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(LayerError);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    return error;
  }

  it('updates, inserts and deletes a shop’s products in one call, auditing the deleted one', async () => {
    const shop = await grocer();
    const [rice, beans] = shop.products!;

    await Shop.query().upsertGraph({
      id: shop.id,
      name: 'Green Grocer & Co',
      products: [
        { id: rice!.id, price: 2.6 },
        { name: 'Lentils', price: 3.1 },
      ],
    });

    const after = await Shop.query()
      .findById(shop.id)
      .withGraphFetched('products(byName)')
      .modifiers({
        byName: (q) => q.orderBy('name'),
      });
    expect(after?.name).to.equal('Green Grocer & Co');
    expect(after?.products?.map((p) => [p.name, p.price])).to.deep.equal([
      ['Lentils', 3.1],
      ['Rice', 2.6],
    ]);
    const trail = await Deletion.query();
    expect(trail.map((d) => [d.table_name, d.row_id, d.row.name])).to.deep.equal([
      ['products', beans!.id, 'Beans'],
    ]);
  });

  it('leaves the database exactly as before when the third child is invalid', async () => {
    const shop = await grocer();
    const [rice] = shop.products!;

    const error = await refusal(() =>
      Shop.query().upsertGraph({
        id: shop.id,
        products: [
          { id: rice!.id, name: 'Brown Rice' },
          { name: 'Lentils', price: 3.1 },
          { name: 'Bagel', price: -1 },
        ],
      }),
    );

    expect(error).to.be.instanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).errors.map((e) => e.path)).to.deep.equal([
      'products[2].price',
    ]);
  });

  it('removing a post from a user deletes it with its join rows, keeps the tags, and audits it', async () => {
    const user = await User.query().insertGraph({
      name: 'John',
      posts: [
        { title: 'First', content: 'a', tags: [{ name: 'orm' }, { name: 'sql' }] },
        { title: 'Second', content: 'b' },
      ],
    });
    const [first, second] = user.posts!;

    await User.query().upsertGraph({ id: user.id, posts: [{ id: second!.id }] });

    expect((await Post.query()).map((p) => p.title)).to.deep.equal(['Second']);
    expect(await db.knex('post_tags').count({ n: '*' }).first()).to.deep.equal({ n: 0 });
    expect(await Tag.query().resultSize()).to.equal(2);
    const trail = await Deletion.query();
    expect(trail.map((d) => [d.table_name, d.row_id])).to.deep.equal([['posts', first!.id]]);
  });

  it('removing a tag from a post unrelates it: the join row goes, the tag stays', async () => {
    const post = await Post.query().insertGraph({
      title: 'First',
      content: 'a',
      user: { name: 'John' },
      tags: [{ name: 'orm' }, { name: 'sql' }],
    });
    const [orm] = post.tags!;

    await Post.query().upsertGraph({ id: post.id, tags: [{ id: orm!.id }] });

    expect((await post.$relatedQuery('tags')).map((t) => t.name)).to.deep.equal(['orm']);
    expect((await Tag.query().orderBy('name')).map((t) => t.name)).to.deep.equal(['orm', 'sql']);
    expect(await Deletion.query().resultSize()).to.equal(0);
  });

  it('keeps the missing children of a relation the caller marks noDelete', async () => {
    const post = await Post.query().insertGraph({
      title: 'First',
      content: 'a',
      user: { name: 'John' },
      tags: [{ name: 'orm' }, { name: 'sql' }],
    });

    await Post.query().upsertGraph({ id: post.id, tags: [] }, { noDelete: ['tags'] });

    expect(await post.$relatedQuery('tags').resultSize()).to.equal(2);
  });

  it('removing an order from a customer soft-deletes it (cascade, soft)', async () => {
    const alice = await Customer.query().insertGraph({
      name: 'Alice',
      orders: [{ order_number: 'A-1' }, { order_number: 'A-2' }],
    });

    await Customer.query().upsertGraph({ id: alice.id, orders: [{ id: alice.orders![0]!.id }] });

    const orders = await Order.query().orderBy('order_number');
    expect(orders.map((o) => [o.order_number, o.customer_id])).to.deep.equal([['A-1', alice.id]]);
    const deleted = await Order.query().onlyDeleted();
    expect(deleted.map((o) => [o.order_number, o.customer_id])).to.deep.equal([['A-2', alice.id]]);
  });

  it('refuses the whole upsert when a product it would delete was ordered', async () => {
    const shop = await grocer();
    const [rice, beans] = shop.products!;
    await Order.query().insertGraph(
      { order_number: 'ORD-1', products: [{ id: beans!.id, quantity: 1, unit_price: 1.2 }] },
      { relate: ['products'] },
    );

    const error = await refusal(() =>
      Shop.query().upsertGraph({
        id: shop.id,
        name: 'Renamed',
        products: [{ id: rice!.id }, { name: 'Lentils', price: 3.1 }],
      }),
    );

    expect(error).to.be.instanceOf(DeleteRestrictedError);
    expect(error).to.include({ model: 'Product', relation: 'orders', dependentCount: 1 });
  });

  it('refuses to drop orders from a product, whose orders relation is restrict', async () => {
    const shop = await grocer();
    const [rice] = shop.products!;
    await Order.query().insertGraph(
      { order_number: 'ORD-1', products: [{ id: rice!.id, quantity: 2, unit_price: 2.5 }] },
      { relate: ['products'] },
    );

    const error = await refusal(() => Product.query().upsertGraph({ id: rice!.id, orders: [] }));

    expect(error).to.be.instanceOf(DeleteRestrictedError);
    expect(error).to.include({ model: 'Product', relation: 'orders', dependentCount: 1 });
  });

  it('never touches rows outside the graph', async () => {
    const shop = await grocer();
    const other = await Shop.query().insertGraph({
      name: 'Corner Bakery',
      products: [{ name: 'Bread', price: 3 }],
    });
    const outside = async () => ({
      shops: await db.knex('shops').whereNot('id', shop.id),
      products: await db.knex('products').whereNot('shop_id', shop.id),
    });
    const before = await outside();

    await Shop.query().upsertGraph({ id: shop.id, products: [{ name: 'Lentils', price: 3.1 }] });
    const stolen = await refusal(() =>
      Shop.query().upsertGraph({ id: shop.id, products: [{ id: other.products![0]!.id }] }),
    );

    expect(stolen).to.have.property('code', 'NOT_FOUND');
    expect(await outside()).to.deep.equal(before);
  });

  it('leaves a relation the graph does not mention alone', async () => {
    const shop = await grocer();

    await Shop.query().upsertGraph({ id: shop.id, name: 'Renamed' });

    expect(await shop.$relatedQuery('products').resultSize()).to.equal(2);
  });

  it('never deletes the parent of a BelongsToOne set to null: it unrelates it', async () => {
    const alice = await Customer.query().insertGraph({
      name: 'Alice',
      orders: [{ order_number: 'A-1' }],
    });
    const [order] = alice.orders!;

    await Order.query().upsertGraph({ id: order!.id, customer: null });

    expect(await Order.query().findById(order!.id)).to.have.property('customer_id', null);
    expect(await Customer.query().findById(alice.id)).to.have.property('name', 'Alice');
  });

  it('refuses a relation allowGraph does not allow, naming it, with InvalidRelationError', async () => {
    const shop = await grocer();
    const [rice] = shop.products!;

    const error = await refusal(() =>
      Shop.query()
        .upsertGraph({ id: shop.id, products: [{ id: rice!.id, orders: [] }] })
        .allowGraph('products'),
    );
    await Shop.query()
      .upsertGraph({ id: shop.id, products: [{ id: rice!.id, price: 2.4 }] })
      .allowGraph('products');

    expect(error).to.be.instanceOf(InvalidRelationError);
    expect(error).to.include({ code: 'INVALID_RELATION', statusCode: 400 });
    expect((error as Error).message).to.equal(
      'The graph writes "products.orders", which this query does not allow (allowGraph: products)',
    );
    expect(await Product.query().findById(rice!.id)).to.have.property('price', 2.4);
  });
});
