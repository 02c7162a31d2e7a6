import { expect } from 'chai';
import { InvalidRelationError, recordQueries, UnsupportedQueryError } from '../../lib';
import { insertRows } from '../../lib/database/insert-rows';
import { Comment, Post, Product, Shop, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { shapesOf } from '../support/statements';
import { postAndProductWithComments } from './fixtures';
import { Article, Item, Remark, Writer } from './three-types';

// morphMany loads an owner's children of its own type; morphTo loads each child's owner with
// one query per type among the children.
describeEachDialect('Polymorphic | eager loading', (db) => {
  it("loads a post's comments in one query, leaving out a product's comments with the same id", async () => {
    const { post, product } = await postAndProductWithComments();
    // The post and the product share id 1: only the type column tells their comments apart.
    expect(post.id).to.equal(product.id);

    const { result: posts, queries } = await recordQueries(db.knex, () =>
      Post.query().withGraphFetched('comments').orderBy('id'),
    );

    expect(posts.map((p) => p.comments!.map((c) => c.body))).to.deep.equal([
      ['Great introduction.', 'More, please.'],
    ]);
    expect(shapesOf(queries)).to.deep.equal(['select posts', 'select comments']);
    expect(queries[1]!.sql).to.match(/commentable_type/);
  });

  it("gives a product without comments an empty list, and a product's comments only its own", async () => {
    const { product } = await postAndProductWithComments();
    await Product.query().insert({ shop_id: product.shop_id, name: 'Mouse', price: 19.99 });

    const products = await Product.query().withGraphFetched('comments').orderBy('id');

    expect(products.map((p) => [p.name, p.comments!.map((c) => c.body)])).to.deep.equal([
      ['Laptop', ['Fast.']],
      ['Mouse', []],
    ]);
  });

  it('loads the owners of 1,000 comments of 3 types in 1 + 3 queries, one per type', async () => {
    const { post, product } = await postAndProductWithComments();
    const writer = await Writer.query().insert({ name: 'Orwell' });
    await Comment.query().delete();
    const owners: Array<[string, number]> = [
      ['post', post.id],
      ['product', product.id],
      ['author', writer.id],
    ];
    await insertRows(
      db.knex,
      'comments',
      Array.from({ length: 1000 }, (_, i) => ({
        body: `remark ${i}`,
        commentable_type: owners[i % 3]![0],
        commentable_id: owners[i % 3]![1],
      })),
    );

    const { result: found, queries } = await recordQueries(db.knex, () =>
      Remark.query().withGraphFetched('remarkable').orderBy('id'),
    );

    expect(shapesOf(queries)).to.deep.equal([
      'select comments',
      'select posts',
      'select products',
      'select authors',
    ]);
    expect(found).to.have.length(1000);
    const owner = ({ remarkable }: Remark) =>
      remarkable instanceof Article
        ? `article ${remarkable.title}`
        : remarkable instanceof Item
          ? `item ${remarkable.name}`
          : `writer ${remarkable!.name}`;
    expect(found.slice(0, 4).map(owner)).to.deep.equal([
      'article First Post',
      'item Laptop',
      'writer Orwell',
      'article First Post',
    ]);
  });

  it('gives a comment whose type no morph map names a null owner, and reads no table for it', async () => {
    const { post } = await postAndProductWithComments();
    await Comment.query().delete();
    await insertRows(db.knex, 'comments', [
      { body: 'on a post', commentable_type: 'post', commentable_id: post.id },
      { body: 'on a user', commentable_type: 'user', commentable_id: post.user_id },
      { body: 'on a deleted post', commentable_type: 'post', commentable_id: 999 },
    ]);

    const { result: comments, queries } = await recordQueries(db.knex, () =>
      Comment.query().withGraphFetched('commentable').orderBy('id'),
    );

    expect(shapesOf(queries)).to.deep.equal(['select comments', 'select posts']);
    expect(comments.map((c) => (c.commentable as Post | null)?.title ?? null)).to.deep.equal([
      'First Post',
      null,
      null,
    ]);
  });

  it('reads each type once however many owners it has: 1,000 comments on 3 owners of 2 types, 1 + 2 queries', async () => {
    const { post, product } = await postAndProductWithComments();
    const second = await Post.query().insert({ user_id: post.user_id, title: 'B', content: 'b' });
    await Comment.query().delete();
    const owners: Array<[string, number]> = [
      ['post', post.id],
      ['product', product.id],
      ['post', second.id],
    ];
    await insertRows(
      db.knex,
      'comments',
      Array.from({ length: 1000 }, (_, i) => ({
        body: `comment ${i}`,
        commentable_type: owners[i % 3]![0],
        commentable_id: owners[i % 3]![1],
      })),
    );

    const { result: comments, queries } = await recordQueries(db.knex, () =>
      Comment.query().withGraphFetched('commentable'),
    );

    expect(shapesOf(queries)).to.deep.equal(['select comments', 'select posts', 'select products']);
    const owner = (c: Comment) =>
      c.commentable instanceof Post
        ? `post ${c.commentable.title}`
        : `product ${c.commentable!.name}`;
    expect(new Set(comments.map(owner))).to.deep.equal(
      new Set(['post First Post', 'product Laptop', 'post B']),
    );
  });

  it('loads a relation every target has below the morphTo: commentable.comments', async () => {
    await postAndProductWithComments();

    const { result: comments, queries } = await recordQueries(db.knex, () =>
      Comment.query().withGraphFetched('commentable.comments').orderBy('id'),
    );

    expect(comments.map((c) => c.commentable!.comments!.length)).to.deep.equal([2, 2, 1]);
    expect(shapesOf(queries)).to.deep.equal([
      'select comments',
      'select posts',
      'select comments',
      'select products',
      'select comments',
    ]);
  });

  it('refuses a relation below the morphTo that one target lacks, before reading any target', async () => {
    await postAndProductWithComments();

    let error: unknown;
    const { queries } = await recordQueries(db.knex, () =>
      Comment.query()
        .withGraphFetched('commentable.shop')
        .catch((caught: unknown) => (error = caught)),
    );

    // Only the comments were read.
    expect(shapesOf(queries)).to.deep.equal(['select comments']);
    expect(error).to.be.instanceOf(InvalidRelationError);
    expect((error as Error).message).to.match(/Post \('post'\) has no relation shop/);
  });

  it('loads comments, their owners and those owners’ relations from the owners’ side', async () => {
    await postAndProductWithComments();

    const posts = await Post.query().withGraphFetched('[user, comments.commentable]');

    const [first] = posts;
    expect(first!.comments!.map((c) => (c.commentable as Post).title)).to.deep.equal([
      'First Post',
      'First Post',
    ]);
  });

  it('refuses withGraphJoined through a morphTo', async () => {
    await postAndProductWithComments();

    const error = await Comment.query()
      .withGraphJoined('commentable')
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    expect(error).to.be.instanceOf(UnsupportedQueryError);
  });

  it('loads the comments of shops’ products two levels down', async () => {
    await postAndProductWithComments();

    const shops = await Shop.query().withGraphFetched('products.comments');
    const users = await User.query().withGraphFetched('posts.comments');

    expect(shops[0]!.products![0]!.comments!.map((c) => c.body)).to.deep.equal(['Fast.']);
    expect(users[0]!.posts![0]!.comments!.map((c) => c.body)).to.deep.equal([
      'Great introduction.',
      'More, please.',
    ]);
  });
});
