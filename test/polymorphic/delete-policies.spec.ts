import { expect } from 'chai';
import { DeleteRestrictedError, Deletion, recordQueries } from '../../lib';
import { insertRows } from '../../lib/database/insert-rows';
import { Post, Shop, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';
import { shapesOf } from '../support/statements';
import { commentRows, postAndProductWithComments } from './fixtures';
import { Article, Item, Remark, Writer } from './three-types';

// No foreign key can reference several tables: the layer's delete engine is the only guard of
// polymorphic children, set-based like every other level.
describeEachDialect('Polymorphic | delete policies', (db) => {
  it("deleting a post deletes its comments, not the product's with the same id, and audits them", async () => {
    const { post, product } = await postAndProductWithComments();
    expect(product.id).to.equal(post.id);

    const { queries } = await recordQueries(db.knex, () => Post.query().deleteById(post.id));

    expect(await commentRows()).to.deep.equal([`product:${product.id} Fast.`]);
    const audited = await Deletion.query().where('table_name', 'comments').orderBy('row_id');
    expect(audited.map((d) => d.row['body'])).to.deep.equal([
      'Great introduction.',
      'More, please.',
    ]);
    // The comments are a level of their own, a subquery over the posts with the type condition:
    // audited and deleted in SQL, as other cascade levels.
    expect(shapesOf(queries)).to.deep.equal([
      'begin',
      'select posts',
      'insert deletions',
      'insert deletions',
      'delete comments',
      'delete post_tags',
      'delete posts',
      'commit',
    ]);
    const deleteComments = queries.find(({ sql }) => /^delete from .comments/i.test(sql));
    expect(deleteComments!.sql).to.match(/commentable_type/);
  });

  it("deleting a shop cascades to its products' comments two levels down", async () => {
    const { shop, post } = await postAndProductWithComments();

    await Shop.query().deleteById(shop.id);

    expect(await commentRows()).to.deep.equal([
      `post:${post.id} Great introduction.`,
      `post:${post.id} More, please.`,
    ]);
  });

  it('deletes 10 and 1,000 comments of a user’s posts in the same statements', async () => {
    const few = await User.query().insertGraph({
      name: 'Few',
      posts: [{ title: 'a', content: 'a', comments: [{ body: '1' }] }],
    });
    const many = await User.query().insertGraph({
      name: 'Many',
      posts: [{ title: 'b', content: 'b' }],
    });
    await insertRows(
      db.knex,
      'comments',
      Array.from({ length: 1000 }, (_, i) => ({
        body: `c${i}`,
        commentable_type: 'post',
        commentable_id: many.posts![0]!.id,
      })),
    );

    const deleteFew = await recordQueries(db.knex, () => User.query().deleteById(few.id));
    const deleteMany = await recordQueries(db.knex, () => User.query().deleteById(many.id));

    expect(shapesOf(deleteMany.queries)).to.deep.equal(shapesOf(deleteFew.queries));
    expect(await commentRows()).to.deep.equal([]);
    expect(await Deletion.query().where('table_name', 'comments').resultSize()).to.equal(1001);
  });

  it('restricts deleting an item with remarks, across the types of one morph map; nothing written', async () => {
    const { product, post } = await postAndProductWithComments();
    const writer = await Writer.query().insert({ name: 'Orwell' });
    await insertRows(db.knex, 'comments', [
      { body: 'on the writer', commentable_type: 'author', commentable_id: writer.id },
    ]);
    const before = await snapshotDatabase(db.knex);

    const error = await Item.query()
      .deleteById(product.id)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    expect(error).to.be.instanceOf(DeleteRestrictedError);
    expect((error as Error).message).to.match(/remarks/);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);

    // The article (the post, same id as the item) and the writer cascade, each to its own only.
    await Article.query().deleteById(post.id);
    await Writer.query().deleteById(writer.id);
    const left = await Remark.query().orderBy('id');
    expect(left.map((r) => `${r.commentable_type} ${r.body}`)).to.deep.equal(['product Fast.']);
  });

  it('deletes an item once its remarks are gone', async () => {
    const { product } = await postAndProductWithComments();
    await Remark.query().where('commentable_type', 'product').delete();

    expect(await Item.query().deleteById(product.id)).to.equal(1);
  });
});
