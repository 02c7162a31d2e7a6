import { expect } from 'chai';
import { polymorphicComments } from '../../examples/polymorphic-comments';
import { recordQueries } from '../../lib';
import { Post } from '../../models';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | polymorphic comments example', (db) => {
  it("loads each post's comments and each comment's owner, and cascades a post's comments", async () => {
    const { result, queries } = await recordQueries(db.knex, () => polymorphicComments());
    const { posts, comments, left } = result;

    expect(posts.map((p) => p.comments!.map((c) => c.body))).to.deep.equal([
      ['Great introduction.'],
    ]);
    expect(comments.map((c) => (c.commentable instanceof Post ? 'post' : 'product'))).to.deep.equal(
      ['post', 'product'],
    );
    expect(left.map((c) => c.body)).to.deep.equal(['Fast.']);
    expect(queries.length).to.be.greaterThan(0);
  });
});
