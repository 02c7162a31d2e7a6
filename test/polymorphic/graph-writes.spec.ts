import { expect } from 'chai';
import { ChildNotFoundError, UnsupportedQueryError } from '../../lib';
import { Comment, Post, Product, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';
import { commentRows, postAndProductWithComments } from './fixtures';

// A graph write inserts polymorphic children with their owner's type; an upsert replaces them
// under the usual rules, and never reaches another owner's children.
describeEachDialect('Polymorphic | graph insert and upsert', (db) => {
  it('inserts a post graph with comments, the type column set on each', async () => {
    const user = await User.query().insert({ name: 'Jane' });

    const post = await Post.query().insertGraph({
      user_id: user.id,
      title: 'Graphs',
      content: 'x',
      comments: [{ body: 'One.' }, { body: 'Two.' }],
    });

    expect(await commentRows()).to.deep.equal([`post:${post.id} One.`, `post:${post.id} Two.`]);
  });

  it("upserts a post's comments: edits the kept one, inserts the new one, deletes the missing one", async () => {
    const { post, product } = await postAndProductWithComments();
    const [kept] = await post.$relatedQuery('comments').orderBy('id');

    await Post.query().upsertGraph({
      id: post.id,
      comments: [{ id: kept!.id, body: 'Edited.' }, { body: 'New.' }],
    });

    expect(await commentRows()).to.deep.equal([
      `post:${post.id} Edited.`,
      `product:${product.id} Fast.`,
      `post:${post.id} New.`,
    ]);
  });

  it("refuses an upsert naming another owner's comment (same id column value, other type); nothing written", async () => {
    const { post, product } = await postAndProductWithComments();
    // The product has the post's id: only the type column says the comment is not the post's.
    expect(product.id).to.equal(post.id);
    const productComment = await Comment.query().findOne({ commentable_type: 'product' });
    const before = await snapshotDatabase(db.knex);

    const error = await Post.query()
      .upsertGraph({ id: post.id, comments: [{ id: productComment!.id, body: 'Hijacked.' }] })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    expect(error).to.be.instanceOf(ChildNotFoundError);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it("refuses relating another owner's comment through the graph; nothing written", async () => {
    const { post } = await postAndProductWithComments();
    const productComment = await Comment.query().findOne({ commentable_type: 'product' });
    const before = await snapshotDatabase(db.knex);

    const error = await Post.query()
      .upsertGraph(
        { id: post.id, comments: [{ id: productComment!.id }] },
        { relate: true, noDelete: true },
      )
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    expect(error).to.be.instanceOf(UnsupportedQueryError);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('refuses a graph that writes through a morphTo, before sending anything; nothing written', async () => {
    await postAndProductWithComments();
    const before = await snapshotDatabase(db.knex);

    const error = await Comment.query()
      .insertGraph({ body: 'x', commentable: { name: 'Ghost', price: 1 } } as never)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    expect(error).to.be.instanceOf(UnsupportedQueryError);
    expect((error as Error).message).to.match(/Comment\.commentable is a morphTo/);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('inserts comments under products under a shop, each with the product’s type', async () => {
    const { shop } = await postAndProductWithComments();

    await Product.query().insertGraph({
      shop_id: shop.id,
      name: 'Mouse',
      price: 19.99,
      comments: [{ body: 'Clicks.' }],
    });

    const mouse = await Product.query().findOne({ name: 'Mouse' }).withGraphFetched('comments');
    expect(mouse!.comments!.map((c) => [c.commentable_type, c.body])).to.deep.equal([
      ['product', 'Clicks.'],
    ]);
  });
});
