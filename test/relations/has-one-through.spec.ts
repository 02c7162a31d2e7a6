import { expect } from 'chai';
import { hasOneThrough, recordQueries } from '../../lib';
import { Post, Profile, User } from '../../models';
import { describeEachDialect } from '../support/database';

// A post's author's profile, through Post.user (BelongsToOne), then User.profile (HasOne).
class PostWithProfile extends Post {
  declare authorProfile?: Profile | null;

  static override relationMappings = () => ({
    ...Post.relationMappings(),
    authorProfile: hasOneThrough(Profile, { through: 'user', source: 'profile' }),
  });
}

describeEachDialect('Relations | has-one-through', (db) => {
  it('loads each post’s author profile in one statement, or null, as the hand-written join', async () => {
    await User.query().insertGraph([
      { name: 'Ada', profile: { bio: 'Counts' }, posts: [{ title: 'A1', content: 'a' }] },
      { name: 'Linus', posts: [{ title: 'L1', content: 'l' }] },
    ]);
    const joined = await db
      .knex('posts')
      .leftJoin('users', 'users.id', 'posts.user_id')
      .leftJoin('profiles', 'profiles.user_id', 'users.id')
      .orderBy('posts.id')
      .select('posts.title', 'profiles.bio');

    const { result: posts, queries } = await recordQueries(db.knex, () =>
      PostWithProfile.query().withGraphFetched('authorProfile').orderBy('id'),
    );

    expect(queries).to.have.length(2);
    expect(
      posts.map((post) => ({ title: post.title, bio: post.authorProfile?.bio ?? null })),
    ).to.deep.equal(joined);
    expect(posts[1]!.authorProfile).to.equal(null);
  });
});
