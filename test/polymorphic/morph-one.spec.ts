import { expect } from 'chai';
import { BaseModel, morphOne, morphTo, recordQueries } from '../../lib';
import { Comment, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { shapesOf } from '../support/statements';

// A morphOne over the demo's tables: a headline (a post) has at most one pinned note (a row of
// comments with its type and id).
class Headline extends BaseModel {
  static override tableName = 'posts';
  declare id: number;
  declare user_id: number;
  declare title: string;
  declare content: string;
  declare pinned?: Pin | null;
  static override relationMappings = () => ({
    pinned: morphOne(Pin, {
      from: 'posts.id',
      type: 'comments.commentable_type',
      id: 'comments.commentable_id',
      typeValue: 'post',
      inverse: 'pinnedOn',
      onDelete: 'cascade',
    }),
  });
}

class Pin extends BaseModel {
  static override tableName = 'comments';
  declare id: number;
  declare body: string;
  declare commentable_type: string;
  declare commentable_id: number;
  declare pinnedOn?: Headline | null;
  static override relationMappings = () => ({
    pinnedOn: morphTo({
      type: 'comments.commentable_type',
      id: 'comments.commentable_id',
      targets: () => ({ post: Headline }),
      inverse: 'pinned',
    }),
  });
}

describeEachDialect('Polymorphic | morphOne', (db) => {
  async function twoHeadlines() {
    const user = await User.query().insert({ name: 'John' });
    const pinned = await Headline.query().insert({
      user_id: user.id,
      title: 'A',
      content: 'a',
    });
    const bare = await Headline.query().insert({
      user_id: user.id,
      title: 'B',
      content: 'b',
    });
    return { pinned, bare };
  }

  it('inserts the one child with its type, and loads it (or null) in one query', async () => {
    const { pinned, bare } = await twoHeadlines();
    await pinned.$relatedQuery('pinned').insert({ body: 'Read this first.' });

    const { result: headlines, queries } = await recordQueries(db.knex, () =>
      Headline.query().withGraphFetched('pinned').orderBy('id'),
    );

    expect(headlines.map((h) => h.pinned?.body ?? null)).to.deep.equal(['Read this first.', null]);
    expect(shapesOf(queries)).to.deep.equal(['select posts', 'select comments']);
    const [row] = await Comment.query();
    expect([row!.commentable_type, row!.commentable_id]).to.deep.equal(['post', pinned.id]);
    expect(bare.id).to.not.equal(pinned.id);
  });

  it("reads the child's owner back through the morphTo", async () => {
    const { pinned } = await twoHeadlines();
    await pinned.$relatedQuery('pinned').insert({ body: 'Pinned.' });

    const [pin] = await Pin.query().withGraphFetched('pinnedOn');

    expect(pin!.pinnedOn).to.be.instanceOf(Headline);
    expect(pin!.pinnedOn!.title).to.equal('A');
  });

  it('deleting the owner deletes its one child', async () => {
    const { pinned } = await twoHeadlines();
    await pinned.$relatedQuery('pinned').insert({ body: 'Pinned.' });

    await Headline.query().deleteById(pinned.id);

    expect(await Comment.query().resultSize()).to.equal(0);
  });
});
