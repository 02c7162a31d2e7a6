import { expect } from 'chai';
import { Model } from 'objection';
import { ValidationFailedError } from '../../lib';
import { Order, Post, Product, Shop, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

// The same post, its tags declared as a plain Objection mapping instead of with `manyToMany()`.
class PlainPost extends Post {
  static override relationMappings = () => ({
    ...Post.relationMappings(),
    tags: {
      relation: Model.ManyToManyRelation,
      modelClass: Tag,
      join: {
        from: 'posts.id',
        through: { from: 'post_tags.post_id', to: 'post_tags.tag_id' },
        to: 'tags.id',
      },
      inverse: 'posts',
    },
  });
}

// Through a relation declared with `manyToMany()`, a node with an id links its target (with the
// join-table extras) and never rewrites it: the target is edited through its own model.
describeEachDialect(
  'Graph writes | a many-to-many target named by id is linked, not rewritten',
  (db) => {
    async function shopAndOrder() {
      const shop = await Shop.query().insertGraph({
        name: 'Tech Hub',
        products: [
          { name: 'Laptop', price: 999.99 },
          { name: 'Mouse', price: 19.99 },
        ],
      });
      const [laptop, mouse] = shop.products!;
      const order = await Order.query().insertGraph(
        { order_number: 'A-1', products: [{ id: laptop!.id, quantity: 1, unit_price: 949.99 }] },
        { relate: true },
      );
      return { laptop: laptop!, mouse: mouse!, order };
    }

    async function refused(write: () => PromiseLike<unknown>): Promise<string[]> {
      const before = await snapshotDatabase(db.knex);
      const error = await Promise.resolve()
        .then(write)
        .then(
          () => expect.fail('the write was expected to be refused'),
          (e: unknown) => e,
        );
      expect(error).to.be.instanceOf(ValidationFailedError);
      expect(error).to.include({ code: 'VALIDATION_FAILED', statusCode: 400 });
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
      return (error as ValidationFailedError).errors.map((e) => e.path);
    }

    for (const [label, relate] of [
      ['a kept target', undefined],
      ['a newly linked target', ['products']],
    ] as const) {
      it(`refuses the target’s columns on ${label}, naming each path`, async () => {
        const { laptop, mouse, order } = await shopAndOrder();
        const target = relate ? mouse : laptop;

        const paths = await refused(() =>
          Order.query().upsertGraph(
            {
              id: order.id,
              products: [{ id: target.id, name: 'Renamed via order', price: 0.01, quantity: 2 }],
            },
            relate ? { relate: [...relate] } : {},
          ),
        );

        expect(paths).to.deep.equal(['products[0].name', 'products[0].price']);
      });
    }

    it('refuses a relation nested under a linked target', async () => {
      const post = await Post.query().insertGraph({
        title: 'Joins',
        content: '…',
        user: { name: 'John' },
        tags: [{ name: 'sql' }],
      });
      const [sql] = post.tags!;

      const paths = await refused(() =>
        Tag.query().upsertGraph({ id: sql!.id, posts: [{ id: post.id, tags: [] }] }),
      );

      expect(paths).to.deep.equal(['posts[0].tags']);
    });

    it('refuses the target’s columns in an insertGraph that links it', async () => {
      const { laptop } = await shopAndOrder();

      const paths = await refused(() =>
        Order.query().insertGraph(
          { order_number: 'A-2', products: [{ id: laptop.id, price: 0, quantity: 1 }] },
          { relate: true },
        ),
      );

      expect(paths).to.deep.equal(['products[0].price']);
    });

    it('links and unlinks targets with their extras, leaving the targets as they were', async () => {
      const { mouse, order } = await shopAndOrder();
      const productsBefore = await db.knex('products').orderBy('id');

      await Order.query().upsertGraph(
        { id: order.id, products: [{ id: mouse.id, quantity: 3, unit_price: 18 }] },
        { relate: ['products'] },
      );

      const items = await db.knex('order_items').select('product_id', 'quantity', 'unit_price');
      expect(items.map((i) => [i.product_id, i.quantity, Number(i.unit_price)])).to.deep.equal([
        [mouse.id, 3, 18],
      ]);
      expect(await db.knex('products').orderBy('id')).to.deep.equal(productsBefore);
    });

    it('changes the extras of a kept target on its join row only', async () => {
      const { laptop, order } = await shopAndOrder();
      const productsBefore = await db.knex('products').orderBy('id');

      await Order.query().upsertGraph({
        id: order.id,
        products: [{ id: laptop.id, quantity: 4, unit_price: 900 }],
      });

      const items = await db.knex('order_items').select('product_id', 'quantity', 'unit_price');
      expect(items.map((i) => [i.product_id, i.quantity, Number(i.unit_price)])).to.deep.equal([
        [laptop.id, 4, 900],
      ]);
      expect(await db.knex('products').orderBy('id')).to.deep.equal(productsBefore);
    });

    it('creates a new target from a node without an id', async () => {
      const { laptop, order } = await shopAndOrder();

      await Order.query().upsertGraph({
        id: order.id,
        products: [
          { id: laptop.id },
          { name: 'Keyboard', price: 49, shop_id: laptop.shop_id, quantity: 1, unit_price: 45 },
        ],
      });

      const linked = await Order.relatedQuery('products').for(order.id).orderBy('name');
      expect(linked.map((p) => [p.name, p.price, p.quantity])).to.deep.equal([
        ['Keyboard', 49, 1],
        ['Laptop', 999.99, 1],
      ]);
    });

    it('keeps Objection’s behaviour for a relation declared as a plain Objection mapping', async () => {
      const john = await User.query().insertGraph({
        name: 'John',
        posts: [{ title: 'Joins', content: '…', tags: [{ name: 'sql' }] }],
      });
      const [post] = john.posts!;
      const [sql] = post!.tags!;

      await PlainPost.query().upsertGraph({ id: post!.id, tags: [{ id: sql!.id, name: 'SQL' }] });

      expect(await Tag.query().findById(sql!.id)).to.have.property('name', 'SQL');
      expect(await Product.query().resultSize()).to.equal(0);
    });
  },
);
