import { expect } from 'chai';
import { Post, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { countQueries } from '../support/queries';

// Seed 001: a user has many posts; a post belongs to one user.
describeEachDialect('User | HasMany posts ↔ Post | BelongsToOne user', (db) => {
  it('creates a user with two posts in one graph insert', async () => {
    const john = await User.query().insertGraph({
      name: 'John',
      posts: [
        { title: 'First Post', content: 'Lorem ipsum dolor sit amet' },
        { title: 'Second Post', content: 'Consectetur adipiscing elit' },
      ],
    });

    const posts = await john.$relatedQuery('posts').orderBy('id');
    expect(posts.map((p) => [p.title, p.user_id])).to.deep.equal([
      ['First Post', john.id],
      ['Second Post', john.id],
    ]);
  });

  it('reads user.posts and post.user', async () => {
    await User.query().insertGraph({
      name: 'John',
      posts: [{ title: 'First Post', content: 'Lorem ipsum' }],
    });

    const john = await User.query().findOne({ name: 'John' }).withGraphFetched('posts');
    const post = await Post.query().findOne({ title: 'First Post' }).withGraphFetched('user');

    expect(john?.posts?.map((p) => p.title)).to.deep.equal(['First Post']);
    expect(post?.user?.name).to.equal('John');
  });

  async function createUsers(count: number) {
    const users = Array.from({ length: count }, (_, i) => ({
      name: `user ${i}`,
      posts: [
        { title: `post ${i}.1`, content: 'a' },
        { title: `post ${i}.2`, content: 'b' },
      ],
    }));
    await db.knex.transaction(async (trx) => {
      await User.query(trx).insertGraph(users);
    });
  }

  for (const count of [3, 300]) {
    it(`lists ${count} users with their posts, and posts with their user, in 2 queries each`, async () => {
      await createUsers(count);

      const usersQueries = await countQueries(db.knex, async () => {
        const users = await User.query().withGraphFetched('posts');
        expect(users).to.have.length(count);
        expect(users.every((u) => u.posts?.length === 2)).to.equal(true);
      });
      const postsQueries = await countQueries(db.knex, async () => {
        const posts = await Post.query().withGraphFetched('user');
        expect(posts).to.have.length(count * 2);
        expect(posts.every((p) => p.user?.id === p.user_id)).to.equal(true);
      });

      expect([usersQueries, postsQueries]).to.deep.equal([2, 2]);
    });
  }
});
