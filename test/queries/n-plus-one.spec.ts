import { expect } from 'chai';
import {
  detectNPlusOne,
  findNPlusOne,
  forbidNPlusOne,
  NPlusOneError,
  recordQueries,
  truncateAllTables,
} from '../../lib';
import { statementShape } from '../../lib/observe/n-plus-one';
import { Product, Shop, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { insertShops, insertUsersWithTaggedPosts } from './bulk-data';

describe('Queries | statement shapes', () => {
  it('collapses PostgreSQL placeholders and value lists of any length', () => {
    const one = statementShape('select "products".* from "products" where "shop_id" in ($1)');
    const many = statementShape(
      'select "products".* from "products" where "shop_id" in ($1, $2, $3)',
    );

    expect(one).to.equal('select "products".* from "products" where "shop_id" in (?)');
    expect(many).to.equal(one);
  });

  it('collapses literals but keeps names that contain digits', () => {
    expect(
      statementShape("select * from `t1` where `name` = 'Rice' and `price` > 2.5 limit 10"),
    ).to.equal('select * from `t1` where `name` = ? and `price` > ? limit ?');
  });

  it('collapses the rows of a multi-row insert', () => {
    expect(statementShape('insert into `tags` (`name`) values (?), (?), (?)')).to.equal(
      'insert into `tags` (`name`) values (?)',
    );
  });
});

// An N+1 is one read per parent; eager loading reads each relation level once, however many.
describeEachDialect('Queries | N+1 detector', (db) => {
  it('flags $relatedQuery in a loop over 20 shops, naming Shop.products', async () => {
    await insertShops(db.knex, 20);

    const { findings } = await detectNPlusOne(db.knex, async () => {
      for (const shop of await Shop.query()) await shop.$relatedQuery('products');
    });

    expect(findings).to.have.length(1);
    expect(findings[0]).to.include({ count: 20, model: 'Product', relation: 'Shop.products' });
    expect(findings[0]!.shape).to.match(/^select .*products.* in \(\?\)$/);
  });

  it('refuses the loop with an NPlusOneError saying what to load eagerly', async () => {
    await insertShops(db.knex, 20);

    const error = await forbidNPlusOne(db.knex, async () => {
      for (const shop of await Shop.query()) await shop.$relatedQuery('products');
    }).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(NPlusOneError);
    expect(error).to.include({ code: 'N_PLUS_ONE_QUERIES', statusCode: 500 });
    expect((error as Error).message).to.equal(
      "N+1 queries: Shop.products was queried 20 times, once per parent: load it with withGraphFetched('products')",
    );
  });

  it('leaves a loop alone up to the threshold, and flags it beyond', async () => {
    await insertShops(db.knex, 4);
    const loop = async () => {
      for (const shop of await Shop.query()) await shop.$relatedQuery('products');
    };

    expect((await detectNPlusOne(db.knex, loop, { threshold: 4 })).findings).to.deep.equal([]);
    expect((await detectNPlusOne(db.knex, loop, { threshold: 3 })).findings).to.have.length(1);
  });

  it('does not flag writes repeated in a loop', async () => {
    const { findings } = await detectNPlusOne(db.knex, async () => {
      for (let i = 0; i < 20; i++) await Shop.query().insert({ name: `Shop ${i}` });
    });

    expect(findings).to.deep.equal([]);
  });

  it('loads products for 10 shops and for 1,000 shops in the same 2 queries', async () => {
    await insertShops(db.knex, 10);
    const ten = await recordQueries(db.knex, () =>
      forbidNPlusOne(db.knex, () => Shop.query().withGraphFetched('products')),
    );
    await truncateAllTables(db.knex);
    await insertShops(db.knex, 1000);
    const thousand = await recordQueries(db.knex, () =>
      forbidNPlusOne(db.knex, () => Shop.query().withGraphFetched('products')),
    );

    expect(ten.result).to.have.length(10);
    expect(thousand.result).to.have.length(1000);
    expect(thousand.result.every((shop) => shop.products?.length === 2)).to.equal(true);
    expect(ten.queries.map((q) => q.relation ?? q.model)).to.deep.equal(['Shop', 'Shop.products']);
    expect(thousand.queries.map((q) => q.relation ?? q.model)).to.deep.equal([
      'Shop',
      'Shop.products',
    ]);
  });

  it('loads posts and their tags for 10 users and for 1,000 users in the same 3 queries', async () => {
    await insertUsersWithTaggedPosts(db.knex, 10);
    const ten = await recordQueries(db.knex, () => User.query().withGraphFetched('posts.tags'));
    const tenFindings = findNPlusOne(ten.queries);
    await truncateAllTables(db.knex);
    await insertUsersWithTaggedPosts(db.knex, 1000);
    const thousand = await recordQueries(db.knex, () =>
      User.query().withGraphFetched('posts.tags'),
    );

    expect(thousand.result).to.have.length(1000);
    expect(
      thousand.result.flatMap((u) => u.posts ?? []).every((p) => p.tags?.length === 2),
    ).to.equal(true);
    const levels = ['User', 'User.posts', 'Post.tags'];
    expect(ten.queries.map((q) => q.relation ?? q.model)).to.deep.equal(levels);
    expect(thousand.queries.map((q) => q.relation ?? q.model)).to.deep.equal(levels);
    expect(tenFindings).to.deep.equal([]);
    expect(findNPlusOne(thousand.queries)).to.deep.equal([]);
  });

  it('names the model of a plain query and nothing for raw SQL', async () => {
    const { queries } = await recordQueries(db.knex, async () => {
      await Product.query().where('price', '>', 1);
      await db.knex.raw('select 1 as one');
    });

    expect(queries.map(({ model, relation }) => ({ model, relation }))).to.deep.equal([
      { model: 'Product', relation: undefined },
      { model: undefined, relation: undefined },
    ]);
  });
});
