import { expect } from 'chai';
import { Deletion, recordQueries, type RecordedQuery } from '../../lib';
import { Customer, Order, Post, Product, Profile, Shop, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';

// A statement as both dialects can be compared: no identifier quotes, `?` placeholders.
function plainSql(query: RecordedQuery): string {
  return query.sql.replace(/[`"]/g, '').replace(/\$\d+/g, '?');
}

function statementsOf(queries: readonly RecordedQuery[]): string {
  return queries.map(plainSql).join('\n');
}

// Objection 3.1.5 puts a relation query's owner condition next to the query's own where
// clauses without parentheses (objection#2191, #1909); the layer ANDs it around all of them.
describeEachDialect('Relation queries | the owner condition holds around or-filters', (db) => {
  // Two shops selling products of the same names; the other shop's are created first, so
  // that they come first in id order.
  async function twoShops() {
    const other = await Shop.query().insertGraph({
      name: 'Other',
      products: [
        { name: 'a', price: 1 },
        { name: 'b', price: 1 },
        { name: 'c', price: 1 },
      ],
    });
    const mine = await Shop.query().insertGraph({
      name: 'Mine',
      products: [
        { name: 'a', price: 1 },
        { name: 'b', price: 1 },
        { name: 'c', price: 1 },
      ],
    });
    return { mine, other };
  }

  async function productsOf(shop: Shop) {
    return (await Product.query().where('shop_id', shop.id).orderBy('name')).map((product) => [
      product.name,
      product.price,
    ]);
  }

  it('deletes only the shop’s own products matching either filter, and the SQL groups them', async () => {
    const { mine, other } = await twoShops();

    const { result, queries } = await recordQueries(db.knex, () =>
      mine.$relatedQuery('products').where('name', 'a').orWhere('name', 'b').delete(),
    );

    expect(result).to.equal(2);
    expect(await productsOf(mine)).to.deep.equal([['c', 1]]);
    expect(await productsOf(other)).to.deep.equal([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    expect(statementsOf(queries)).to.include(
      'where products.shop_id in (?) and (name = ? or name = ?)',
    );
    const audited = await Deletion.query().where('table_name', 'products').orderBy('row_id');
    expect(audited.map((deletion) => deletion.row_id)).to.deep.equal(
      (mine.products ?? []).slice(0, 2).map((product) => product.id),
    );
  });

  it('groups SQL written by hand, which may hold an or, under the owner condition too', async () => {
    const { mine, other } = await twoShops();

    const { result, queries } = await recordQueries(db.knex, () =>
      mine.$relatedQuery('products').whereRaw("name = 'a' or name = 'b'").delete(),
    );

    expect(result).to.equal(2);
    expect(await productsOf(mine)).to.deep.equal([['c', 1]]);
    expect(await productsOf(other)).to.have.length(3);
    expect(statementsOf(queries)).to.include(
      "where products.shop_id in (?) and (name = 'a' or name = 'b')",
    );
  });

  it('leaves a chain of ANDed filters as Objection writes it: no parentheses are needed', async () => {
    const { mine, other } = await twoShops();

    const { result, queries } = await recordQueries(db.knex, () =>
      mine.$relatedQuery('products').where('name', 'a').where('price', 1).delete(),
    );

    expect(result).to.equal(1);
    expect(await productsOf(other)).to.have.length(3);
    expect(statementsOf(queries)).to.include(
      'where name = ? and price = ? and products.shop_id in (?)',
    );
  });

  it('patches only the shop’s own products', async () => {
    const { mine, other } = await twoShops();

    const { result, queries } = await recordQueries(db.knex, () =>
      mine.$relatedQuery('products').where('name', 'a').orWhere('name', 'b').patch({ price: 9 }),
    );

    expect(result).to.equal(2);
    expect(await productsOf(mine)).to.deep.equal([
      ['a', 9],
      ['b', 9],
      ['c', 1],
    ]);
    expect(await productsOf(other)).to.deep.equal([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    expect(statementsOf(queries)).to.match(
      /^update products set .* where products\.shop_id in \(\?\) and \(name = \? or name = \?\)$/m,
    );
  });

  it('updates only the shop’s own product', async () => {
    const { mine, other } = await twoShops();

    const updated = await mine
      .$relatedQuery('products')
      .where('name', 'a')
      .orWhere('name', 'z')
      .update({ name: 'a2', price: 7 });

    expect(updated).to.equal(1);
    expect(await productsOf(mine)).to.deep.equal([
      ['a2', 7],
      ['b', 1],
      ['c', 1],
    ]);
    expect(await productsOf(other)).to.deep.equal([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('finds, counts and picks the first of the shop’s own products only', async () => {
    const { mine } = await twoShops();
    const related = () => mine.$relatedQuery('products').where('name', 'z').orWhere('name', 'b');

    const { result, queries } = await recordQueries(db.knex, async () => ({
      found: await related().orderBy('id'),
      total: await related().resultSize(),
      counted: await related().count({ n: '*' }).first(),
      first: await related().orderBy('id').first(),
    }));

    const mineB = mine.products?.find((product) => product.name === 'b');
    expect(result.found.map((product) => product.id)).to.deep.equal([mineB?.id]);
    expect(result.total).to.equal(1);
    expect(Number((result.counted as unknown as { n: number | string }).n)).to.equal(1);
    expect(result.first?.id).to.equal(mineB?.id);
    expect(queries).to.have.length(4);
    for (const query of queries) {
      expect(plainSql(query)).to.include('products.shop_id in (?) and (name = ? or name = ?)');
    }
  });

  it('keeps the owner condition of the static relatedQuery().for() form', async () => {
    const { mine, other } = await twoShops();

    const found = await Shop.relatedQuery('products')
      .for(mine.id)
      .where('name', 'z')
      .orWhere('name', 'b');
    const deleted = await Shop.relatedQuery('products')
      .for([mine.id])
      .where('name', 'a')
      .orWhere('name', 'z')
      .delete();

    expect(found.map((product) => product.shop_id)).to.deep.equal([mine.id]);
    expect(deleted).to.equal(1);
    expect(await productsOf(mine)).to.deep.equal([
      ['b', 1],
      ['c', 1],
    ]);
    expect(await productsOf(other)).to.have.length(3);
  });

  it('keeps the owner condition of a relatedQuery used as a subquery', async () => {
    const { other } = await twoShops();
    await Product.query().insert({ shop_id: other.id, name: 'only-other', price: 1 });

    const { result, queries } = await recordQueries(db.knex, () =>
      Shop.query().whereExists(
        Shop.relatedQuery('products').where('name', 'z').orWhere('name', 'only-other'),
      ),
    );

    expect(result.map((shop) => shop.name)).to.deep.equal(['Other']);
    expect(plainSql(queries[0]!)).to.include(
      'where products.shop_id = shops.id and (name = ? or name = ?)',
    );
  });

  describe('ManyToMany, through the join table', () => {
    async function twoPosts() {
      const [mine, other] = await User.query().insertGraph([
        {
          name: 'Me',
          posts: [{ title: 'Mine', content: 'x', tags: [{ name: 't1' }, { name: 't2' }] }],
        },
        {
          name: 'Other',
          posts: [{ title: 'Other', content: 'x', tags: [{ name: 't3' }, { name: 't4' }] }],
        },
      ]);
      return { mine: mine!.posts![0]!, other: other!.posts![0]! };
    }

    async function tagsOf(post: Post) {
      return (await post.$relatedQuery('tags').orderBy('name')).map((tag) => tag.name);
    }

    it('finds only the post’s own tags', async () => {
      const { mine } = await twoPosts();

      const { result, queries } = await recordQueries(db.knex, () =>
        mine.$relatedQuery('tags').where('tags.name', 't1').orWhere('tags.name', 't3'),
      );

      expect(result.map((tag) => tag.name)).to.deep.equal(['t1']);
      expect(plainSql(queries[0]!)).to.include(
        'where post_tags.post_id in (?) and (tags.name = ? or tags.name = ?)',
      );
    });

    it('patches only the order’s own products, through order_items', async () => {
      const { mine, other } = await twoShops();
      const [myOrder] = await Order.query().insertGraph(
        [
          {
            order_number: 'M-1',
            products: mine.products!.map((p) => ({ id: p.id, quantity: 1, unit_price: 1 })),
          },
          {
            order_number: 'O-1',
            products: other.products!.map((p) => ({ id: p.id, quantity: 1, unit_price: 1 })),
          },
        ],
        { relate: ['products'] },
      );

      const patched = await myOrder!
        .$relatedQuery('products')
        .where('products.name', 'a')
        .orWhere('products.name', 'b')
        .patch({ price: 9 });

      expect(patched).to.equal(2);
      expect(await productsOf(mine)).to.deep.equal([
        ['a', 9],
        ['b', 9],
        ['c', 1],
      ]);
      expect(await productsOf(other)).to.deep.equal([
        ['a', 1],
        ['b', 1],
        ['c', 1],
      ]);
    });

    it('deletes only the post’s own tags, with their join rows', async () => {
      const { mine, other } = await twoPosts();

      const deleted = await mine
        .$relatedQuery('tags')
        .where('tags.name', 't3')
        .orWhere('tags.name', 't1')
        .delete();

      expect(deleted).to.equal(1);
      expect(await tagsOf(mine)).to.deep.equal(['t2']);
      expect(await tagsOf(other)).to.deep.equal(['t3', 't4']);
      expect((await Tag.query().orderBy('name')).map((tag) => tag.name)).to.deep.equal([
        't2',
        't3',
        't4',
      ]);
    });
  });

  describe('HasOne and BelongsToOne', () => {
    async function twoUsers() {
      const [mine, other] = await User.query().insertGraph([
        { name: 'Me', profile: { bio: 'mine' } },
        { name: 'Other', profile: { bio: 'other' } },
      ]);
      return { mine: mine!, other: other! };
    }

    it('finds and patches only the user’s own profile', async () => {
      const { mine, other } = await twoUsers();

      const found = await mine.$relatedQuery('profile').where('bio', 'x').orWhere('bio', 'other');
      const patched = await mine
        .$relatedQuery('profile')
        .where('bio', 'other')
        .orWhere('bio', 'x')
        .patch({ bio: 'overwritten' });

      expect(found).to.equal(undefined);
      expect(patched).to.equal(0);
      expect((await Profile.query().findOne({ user_id: other.id }))?.bio).to.equal('other');
    });

    it('finds and patches only the profile’s own user', async () => {
      const { mine, other } = await twoUsers();
      const profile = (await mine.$relatedQuery('profile'))!;

      const found = await profile.$relatedQuery('user').where('name', 'x').orWhere('name', 'Other');
      const patched = await profile
        .$relatedQuery('user')
        .where('name', 'Other')
        .orWhere('name', 'x')
        .patch({ name: 'Overwritten' });

      expect(found).to.equal(undefined);
      expect(patched).to.equal(0);
      expect((await User.query().findById(other.id))?.name).to.equal('Other');
    });
  });

  it('unrelates only the customer’s own orders', async () => {
    const [mine, other] = await Customer.query().insertGraph([
      { name: 'Me', orders: [{ order_number: 'M-1' }, { order_number: 'M-2' }] },
      { name: 'Other', orders: [{ order_number: 'O-1' }, { order_number: 'O-2' }] },
    ]);

    const unrelated = await mine!
      .$relatedQuery('orders')
      .where('order_number', 'O-1')
      .orWhere('order_number', 'M-1')
      .unrelate();

    expect(unrelated).to.equal(1);
    const owners = await Order.query()
      .select('order_number', 'customer_id')
      .orderBy('order_number');
    expect(owners).to.deep.equal([
      { order_number: 'M-1', customer_id: null },
      { order_number: 'M-2', customer_id: mine!.id },
      { order_number: 'O-1', customer_id: other!.id },
      { order_number: 'O-2', customer_id: other!.id },
    ]);
  });

  it('cascades a relation delete into the user’s own posts only', async () => {
    const [mine, other] = await User.query().insertGraph([
      {
        name: 'Me',
        posts: [
          { title: 'p', content: 'x', tags: [{ name: 'mine' }] },
          { title: 'q', content: 'x' },
        ],
      },
      {
        name: 'Other',
        posts: [
          { title: 'p', content: 'x', tags: [{ name: 'other' }] },
          { title: 'q', content: 'x' },
        ],
      },
    ]);

    const deleted = await mine!
      .$relatedQuery('posts')
      .where('title', 'p')
      .orWhere('title', 'q')
      .delete();

    expect(deleted).to.equal(2);
    expect(await Post.query().where('user_id', mine!.id).resultSize()).to.equal(0);
    const othersPosts = await Post.query().where('user_id', other!.id).withGraphFetched('tags');
    expect(
      othersPosts.map((post) => [post.title, post.tags?.map((tag) => tag.name)]),
    ).to.have.deep.members([
      ['p', ['other']],
      ['q', []],
    ]);
    const audited = await Deletion.query().where('table_name', 'posts');
    expect(audited.map((deletion) => deletion.row_id).sort()).to.deep.equal(
      mine!.posts!.map((post) => post.id).sort(),
    );
  });

  it('loads a relation whose modifier has an or-filter with the owner condition around it', async () => {
    const { mine } = await twoShops();

    const { result, queries } = await recordQueries(db.knex, () =>
      Shop.query()
        .findById(mine.id)
        .withGraphFetched('products(aOrB)')
        .modifiers({ aOrB: (query) => query.where('name', 'a').orWhere('name', 'b') }),
    );

    expect(result?.products?.map((product) => product.name).sort()).to.deep.equal(['a', 'b']);
    expect(plainSql(queries[1]!)).to.include(
      'where products.shop_id in (?) and (name = ? or name = ?)',
    );
  });
});
