import { expect } from 'chai';
import type { UpsertGraphOptions } from 'objection';
import { ChildNotFoundError, NotFoundError } from '../../lib';
import { Author, Order, Post, Product, Shop, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

// An option the set-based upsert leaves to Objection, with the value Objection uses anyway.
const THROUGH_OBJECTION: UpsertGraphOptions = { noUpdate: false };

// A graph write reaches only the rows of its roots: a child named by id must already be one of
// its parent's through that relation, or be related on purpose (Objection's `relate`), and then
// it must exist. Anything else is refused as a whole, before anything is written.
describeEachDialect('Graph writes | a child named by id must be one of its parent’s', (db) => {
  async function twoShops() {
    const [grocer, bakery] = await Shop.query().insertGraph([
      {
        name: 'Green Grocer',
        products: [
          { name: 'Rice', price: 2.5 },
          { name: 'Beans', price: 1.2 },
        ],
      },
      { name: 'Corner Bakery', products: [{ name: 'Bread', price: 3 }] },
    ]);
    const [rice, beans] = grocer!.products!;
    return {
      grocer: grocer!,
      bakery: bakery!,
      rice: rice!,
      beans: beans!,
      bread: bakery!.products![0]!,
    };
  }

  async function refused(write: () => PromiseLike<unknown>): Promise<ChildNotFoundError> {
    const before = await snapshotDatabase(db.knex);
    const error = await Promise.resolve()
      .then(write)
      .then(
        () => expect.fail('the write was expected to be refused'),
        (e: unknown) => e,
      );
    expect(error).to.be.instanceOf(ChildNotFoundError);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    return error as ChildNotFoundError;
  }

  for (const [label, options] of [
    ['set-based', {}],
    ['through Objection', THROUGH_OBJECTION],
  ] as const) {
    describe(`an upsert (${label})`, () => {
      it('refuses a child of another parent, naming the relation, its path and the id', async () => {
        const { grocer, rice, bread } = await twoShops();

        const error = await refused(() =>
          Shop.query().upsertGraph(
            {
              id: grocer.id,
              products: [{ id: rice.id }, { id: bread.id, name: 'Hacked', price: 0 }],
            },
            options,
          ),
        );

        expect(error).to.include({
          code: 'NOT_FOUND',
          statusCode: 404,
          model: 'Product',
          id: bread.id,
          relation: 'products',
          path: 'products[1]',
        });
        expect(error.parent).to.deep.equal({ model: 'Shop', id: grocer.id });
        expect(error.message).to.equal(
          `Product ${bread.id} does not belong to Shop ${grocer.id} through "products" (products[1])`,
        );
      });

      it('refuses an id that names no row with the same error', async () => {
        const austen = await Author.query().insertGraph({
          name: 'Jane Austen',
          books: [{ title: 'Emma' }],
        });

        const error = await refused(() =>
          Author.query().upsertGraph(
            {
              id: austen.id,
              books: [{ id: austen.books![0]!.id }, { id: 424242, title: 'Ghost' }],
            },
            options,
          ),
        );

        expect(error).to.include({
          model: 'Book',
          id: 424242,
          relation: 'books',
          path: 'books[1]',
        });
      });

      it('refuses a to-one child of another parent', async () => {
        const [john] = await User.query().insertGraph([
          { name: 'John', profile: { bio: 'Flask' } },
          { name: 'Jane' },
        ]);
        const jane = await User.query().findOne({ name: 'Jane' }).throwIfNotFound();

        const error = await refused(() =>
          User.query().upsertGraph({ id: jane.id, profile: { id: john!.profile!.id } }, options),
        );

        expect(error).to.include({ model: 'Profile', relation: 'profile', path: 'profile' });
      });

      it('refuses a nested child under the path of its relation', async () => {
        const [orm, sql] = await Tag.query().insertGraph([{ name: 'orm' }, { name: 'sql' }]);
        const john = await User.query().insertGraph(
          { name: 'John', posts: [{ title: 'Joins', content: '…', tags: [{ id: orm!.id }] }] },
          { relate: true },
        );

        const error = await refused(() =>
          User.query().upsertGraph(
            { id: john.id, posts: [{ id: john.posts![0]!.id, tags: [{ id: sql!.id }] }] },
            options,
          ),
        );

        expect(error).to.include({ model: 'Tag', id: sql!.id, relation: 'posts.tags' });
        expect(error.path).to.equal('posts[0].tags[0]');
        expect(error.parent).to.deep.equal({ model: 'Post', id: john.posts![0]!.id });
      });

      it('refuses a root that does not exist with a NotFoundError naming its id', async () => {
        const before = await snapshotDatabase(db.knex);

        const error = await Shop.query()
          .upsertGraph({ id: 4040, name: 'Nowhere', products: [] }, options)
          .catch((e: unknown) => e);

        expect(error).to.be.instanceOf(NotFoundError);
        expect(error).to.include({ code: 'NOT_FOUND', model: 'Shop', id: 4040 });
        expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
      });
    });
  }

  it('inserts a child given with an id and not related as a new row: a taken id is refused', async () => {
    const { bread } = await twoShops();
    const before = await snapshotDatabase(db.knex);

    const error = await Shop.query()
      .insertGraph({ name: 'Thief', products: [{ id: bread.id, name: 'Bread', price: 0 }] })
      .catch((e: unknown) => e);

    expect(error).to.include({ code: 'UNIQUE_VIOLATION', statusCode: 409 });
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  describe('relate, for library callers', () => {
    for (const relate of [['products'], true] satisfies UpsertGraphOptions['relate'][]) {
      it(`moves a row of another parent on purpose (relate: ${JSON.stringify(relate)})`, async () => {
        const { grocer, bakery, rice, bread } = await twoShops();

        await Shop.query().upsertGraph(
          { id: grocer.id, products: [{ id: rice.id }, { id: bread.id }] },
          { relate },
        );

        const products = await Product.query().orderBy('id');
        expect(products.map((p) => [p.name, p.shop_id])).to.deep.equal([
          ['Rice', grocer.id],
          ['Bread', grocer.id],
        ]);
        expect(await Product.query().where('shop_id', bakery.id).resultSize()).to.equal(0);
      });

      it(`still refuses an id that names no row (relate: ${JSON.stringify(relate)})`, async () => {
        const { grocer, rice } = await twoShops();

        const error = await refused(() =>
          Shop.query().upsertGraph(
            { id: grocer.id, products: [{ id: rice.id }, { id: 424242, name: 'Ghost', price: 1 }] },
            { relate },
          ),
        );

        expect(error).to.include({ model: 'Product', id: 424242, path: 'products[1]' });
        expect(error.message).to.equal(
          `Product 424242 does not exist, so it cannot be related to Shop ${grocer.id} through "products" (products[1])`,
        );
      });
    }

    it('links existing targets in an insertGraph and refuses one that does not exist', async () => {
      const { rice } = await twoShops();

      const linked = await Order.query().insertGraph(
        { order_number: 'A-1', products: [{ id: rice.id, quantity: 2, unit_price: 2.5 }] },
        { relate: ['products'] },
      );
      const error = await refused(() =>
        Order.query().insertGraph(
          {
            order_number: 'A-2',
            products: [
              { id: rice.id, quantity: 1, unit_price: 2.5 },
              { id: 424242, quantity: 1, unit_price: 1 },
            ],
          },
          { relate: true },
        ),
      );

      expect(linked.products!.map((p) => p.id)).to.deep.equal([rice.id]);
      expect(error).to.include({ model: 'Product', id: 424242, relation: 'products' });
      expect(error.parent).to.deep.equal({ model: 'Order', id: undefined });
      expect(error.message).to.match(/cannot be related to a new Order through "products"/);
    });

    it('refuses a related id that names no row in a nested upsert level', async () => {
      const orm = await Tag.query().insert({ name: 'orm' });
      const john = await User.query().insertGraph({
        name: 'John',
        posts: [{ title: 'Joins', content: '…' }],
      });

      const error = await refused(() =>
        User.query().upsertGraph(
          {
            id: john.id,
            posts: [{ id: john.posts![0]!.id, tags: [{ id: orm.id }, { id: 424242 }] }],
          },
          { relate: ['posts.tags'] },
        ),
      );

      expect(error).to.include({ model: 'Tag', relation: 'posts.tags', path: 'posts[0].tags[1]' });
      expect(await Post.relatedQuery('tags').for(john.posts![0]!.id).resultSize()).to.equal(0);
    });
  });
});
