import { expect } from 'chai';
import { recordQueries, UniqueViolationError } from '../../lib';
import { Post, Shop, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { createGreenGrocer } from '../support/fixtures';

// Every statement a piece of code sends, in order, with what sent it and how long it took.
describeEachDialect('Queries | query recorder', (db) => {
  it('records each statement with its bindings, its model and the relation it loads', async () => {
    const shop = await createGreenGrocer();

    const { result, queries } = await recordQueries(db.knex, async () => {
      await Shop.query().withGraphFetched('products');
      return shop.$relatedQuery('products').where('name', 'Rice');
    });

    expect(result.map((p) => p.name)).to.deep.equal(['Rice']);
    expect(queries.map(({ model, relation }) => ({ model, relation }))).to.deep.equal([
      { model: 'Shop', relation: undefined },
      { model: 'Product', relation: 'Shop.products' },
      { model: 'Product', relation: 'Shop.products' },
    ]);
    expect(queries[2]!.sql).to.match(/products.*shop_id.*name/);
    expect(queries[2]!.bindings).to.deep.equal([shop.id, 'Rice']);
  });

  it('names the relation of a many-to-many load and of its inverse', async () => {
    await User.query().insertGraph({
      name: 'John',
      posts: [{ title: 'First Post', content: 'Lorem ipsum', tags: [{ name: 'orm' }] }],
    });

    const { queries } = await recordQueries(db.knex, () =>
      Post.query().withGraphFetched('[tags.posts, user]'),
    );

    expect(queries.map((q) => q.relation ?? q.model)).to.have.members([
      'Post',
      'Post.tags',
      'Tag.posts',
      'Post.user',
    ]);
  });

  it('times every statement it records', async () => {
    await createGreenGrocer();

    const { queries } = await recordQueries(db.knex, () =>
      Shop.query().withGraphFetched('products'),
    );

    for (const query of queries) {
      expect(query.durationMs).to.be.a('number').and.at.least(0);
      expect(query.failed).to.equal(false);
    }
  });

  it('records a refused statement as failed', async () => {
    await createGreenGrocer();

    const { result, queries } = await recordQueries(db.knex, () =>
      Shop.query()
        .insert({ name: 'Green Grocer' })
        .catch((error: unknown) => error),
    );

    expect(result).to.be.instanceOf(UniqueViolationError);
    expect(queries).to.have.length(1);
    expect(queries[0]).to.include({ model: 'Shop', failed: true });
    expect(queries[0]!.durationMs).to.be.a('number');
  });

  it('records the statements of a transaction, and only while the function runs', async () => {
    const { queries } = await recordQueries(db.knex, createGreenGrocer);
    await Shop.query();

    const inserts = queries.filter((q) => /^insert/i.test(q.sql));
    // PostgreSQL inserts both products in one statement, SQLite one statement per product.
    expect(inserts[0]!.model).to.equal('Shop');
    expect(new Set(inserts.slice(1).map((q) => q.model))).to.deep.equal(new Set(['Product']));
    // A write transaction takes SQLite's write lock as it begins.
    const begin = db.dialect.name === 'sqlite' ? 'begin immediate;' : 'begin;';
    expect(queries.map((q) => q.sql.toLowerCase())).to.include.members([begin, 'commit;']);
    expect(queries.some((q) => /^select/i.test(q.sql) && q.model === 'Shop')).to.equal(false);
  });
});
