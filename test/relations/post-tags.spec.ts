import { expect } from 'chai';
import { Post, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';

// Seed 004, many-to-many: posts and tags through post_tags.
describeEachDialect('Post | ManyToMany tags ↔ Tag | ManyToMany posts', (db) => {
  async function createPostAndTags() {
    const user = await User.query().insertGraph({
      name: 'John',
      posts: [{ title: 'First Post', content: 'Lorem ipsum' }],
    });
    const [post] = user.posts ?? [];
    const tags = await Promise.all(
      ['flask', 'orm', 'typescript'].map((name) => Tag.query().insert({ name })),
    );
    return { post: post!, tags };
  }

  it('relates tags to a post and reads them from both sides', async () => {
    const { post, tags } = await createPostAndTags();

    await post.$relatedQuery('tags').relate(tags[0]!.id);
    await post.$relatedQuery('tags').relate(tags[1]!.id);

    const withTags = await Post.query()
      .findById(post.id)
      .withGraphFetched('tags(byName)')
      .modifiers({
        byName: (q) => q.orderBy('name'),
      });
    const orm = await Tag.query().findOne({ name: 'orm' }).withGraphFetched('posts');
    expect(withTags?.tags?.map((t) => t.name)).to.deep.equal(['flask', 'orm']);
    expect(orm?.posts?.map((p) => p.title)).to.deep.equal(['First Post']);
  });

  it('unrelates a tag: the join row goes, the tag stays', async () => {
    const { post, tags } = await createPostAndTags();
    await post.$relatedQuery('tags').relate(tags[0]!.id);
    await post.$relatedQuery('tags').relate(tags[1]!.id);

    await post.$relatedQuery('tags').unrelate().where('tags.id', tags[0]!.id);

    expect((await post.$relatedQuery('tags')).map((t) => t.name)).to.deep.equal(['orm']);
    expect(await Tag.query().resultSize()).to.equal(3);
    expect(await db.knex('post_tags').count({ n: '*' }).first()).to.deep.equal({ n: 1 });
  });
});
