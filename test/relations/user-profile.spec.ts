import { expect } from 'chai';
import { UniqueViolationError } from '../../lib';
import { Profile, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

// Seed 004, one-to-one: a user has at most one profile (SQLAlchemy's uselist=False).
describeEachDialect('User | HasOne profile ↔ Profile | BelongsToOne user', (db) => {
  it('reads user.profile and profile.user', async () => {
    await User.query().insertGraph({ name: 'John', profile: { bio: 'Writes about ORMs.' } });

    const john = await User.query().findOne({ name: 'John' }).withGraphFetched('profile');
    const profile = await Profile.query().first().withGraphFetched('user');

    expect(john?.profile?.bio).to.equal('Writes about ORMs.');
    expect(profile?.user?.name).to.equal('John');
  });

  it('reads a user without a profile as profile null', async () => {
    await User.query().insert({ name: 'Jane' });

    const jane = await User.query().findOne({ name: 'Jane' }).withGraphFetched('profile');

    expect(jane?.profile).to.equal(null);
  });

  it('refuses a second profile for the same user and writes nothing', async () => {
    const john = await User.query().insertGraph({ name: 'John', profile: { bio: 'first' } });
    const before = await snapshotDatabase(db.knex);

    const error = await Profile.query()
      .insert({ user_id: john.id, bio: 'second' })
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(UniqueViolationError);
    expect(error).to.include({ code: 'UNIQUE_VIOLATION', table: 'profiles' });
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });
});
