import { expect } from 'chai';
import { recordQueries, UnsupportedQueryError } from '../../lib';
import { Comment, Post, Product } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';
import { shapesOf } from '../support/statements';
import { commentRows, postAndProductWithComments } from './fixtures';

// $relatedQuery reads and inserts through a morphMany, and reads through a morphTo.
describeEachDialect('Polymorphic | $relatedQuery', (db) => {
  it("reads a post's comments, not those of the product with the same id", async () => {
    const { post } = await postAndProductWithComments();

    const comments = await post.$relatedQuery('comments').orderBy('id');

    expect(comments.map((c) => c.body)).to.deep.equal(['Great introduction.', 'More, please.']);
  });

  it('inserts a comment with its owner’s type and id', async () => {
    const { post, product } = await postAndProductWithComments();

    await post.$relatedQuery('comments').insert({ body: 'On the post.' });
    await Product.relatedQuery('comments').for(product.id).insert({ body: 'On the laptop.' });

    expect(await commentRows()).to.deep.equal([
      `post:${post.id} Great introduction.`,
      `post:${post.id} More, please.`,
      `product:${product.id} Fast.`,
      `post:${post.id} On the post.`,
      `product:${product.id} On the laptop.`,
    ]);
  });

  it("reads a comment's owner with one query of the owner's table", async () => {
    const { product } = await postAndProductWithComments();
    const comment = await Comment.query().findOne({ commentable_type: 'product' });

    const { result: owner, queries } = await recordQueries(db.knex, () =>
      comment!.$relatedQuery('commentable'),
    );

    expect(owner).to.be.instanceOf(Product);
    expect((owner as Product).name).to.equal(product.name);
    expect(shapesOf(queries)).to.deep.equal(['select products']);
  });

  it('reads undefined for a comment whose owner row is gone', async () => {
    const { post } = await postAndProductWithComments();
    const comment = await Comment.query().findOne({ commentable_type: 'post' });
    await db.knex('posts').where('id', post.id).delete();

    expect(await comment!.$relatedQuery('commentable')).to.equal(undefined);
  });

  it('refuses a where clause on a morphTo query, whose targets are several tables', async () => {
    await postAndProductWithComments();
    const comment = await Comment.query().findOne({ commentable_type: 'post' });

    const error = await comment!
      .$relatedQuery('commentable')
      .where('title', 'x')
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    expect(error).to.be.instanceOf(UnsupportedQueryError);
    expect((error as Error).message).to.match(/takes no 'where'/);
  });

  it('refuses relate and unrelate through a morphMany, and writes through a morphTo; nothing written', async () => {
    const { post } = await postAndProductWithComments();
    const productComment = await Comment.query().findOne({ commentable_type: 'product' });
    const before = await snapshotDatabase(db.knex);

    const refusals = await Promise.all(
      [
        post.$relatedQuery('comments').relate(productComment!.id),
        post.$relatedQuery('comments').unrelate(),
        productComment!.$relatedQuery('commentable').insert({ title: 't', content: 'c' } as never),
        productComment!.$relatedQuery('commentable').patch({ name: 'x' } as never),
        productComment!.$relatedQuery('commentable').delete(),
      ].map((query) =>
        Promise.resolve(query).then(
          () => undefined,
          (caught: unknown) => caught,
        ),
      ),
    );

    for (const error of refusals) expect(error).to.be.instanceOf(UnsupportedQueryError);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it("patches and deletes a post's comments only, not the product's with the same id", async () => {
    const { post, product } = await postAndProductWithComments();

    const patched = await post.$relatedQuery('comments').patch({ body: 'Edited.' });
    expect(patched).to.equal(2);
    await post.$relatedQuery('comments').delete();

    expect(await commentRows()).to.deep.equal([`product:${product.id} Fast.`]);
  });

  it("joins a post's comments with withGraphJoined, with the type condition", async () => {
    const { post } = await postAndProductWithComments();

    const [joined] = await Post.query().withGraphJoined('comments').where('posts.id', post.id);

    expect(joined!.comments!.map((c) => c.body).sort()).to.deep.equal([
      'Great introduction.',
      'More, please.',
    ]);
  });

  it('reads the comments of several posts at once through relatedQuery().for()', async () => {
    const { post } = await postAndProductWithComments();
    const other = await Post.query().insertGraph({
      user_id: post.user_id,
      title: 'Other',
      content: 'x',
      comments: [{ body: 'On the other.' }],
    });

    const comments = await Post.relatedQuery('comments').for([post.id, other.id]).orderBy('id');

    expect(comments.map((c) => c.body)).to.deep.equal([
      'Great introduction.',
      'More, please.',
      'On the other.',
    ]);
  });
});
