import { expect } from 'chai';
import { checkSchema, type SchemaFinding } from '../../lib';
import { insertRows } from '../../lib/database/insert-rows';
import { allModels } from '../../models';
import { describeEachDialect } from '../support/database';
import { postAndProductWithComments } from './fixtures';

const morphFindings = (findings: SchemaFinding[]) =>
  findings.filter(({ kind }) => kind.startsWith('morph-'));

// No foreign key guards a polymorphic id column: checkSchema reports the rows it would refuse.
describeEachDialect('Polymorphic | orphans in checkSchema', (db) => {
  it('finds nothing when every comment points at an existing post or product', async () => {
    await postAndProductWithComments();

    expect(await checkSchema(db.knex, allModels)).to.deep.equal([]);
  });

  it('reports comments of a type no morph map names, and comments whose owner row is gone', async () => {
    const { post, product } = await postAndProductWithComments();
    await insertRows(db.knex, 'comments', [
      { body: 'typo', commentable_type: 'pots', commentable_id: post.id },
      { body: 'typo too', commentable_type: 'pots', commentable_id: post.id },
      { body: 'gone', commentable_type: 'product', commentable_id: product.id + 100 },
    ]);
    // Deleted outside the layer: its two comments stay behind.
    await db.knex('posts').where('id', post.id).delete();

    const findings = morphFindings(await checkSchema(db.knex, allModels));

    expect(findings.map(({ kind, table, column }) => `${kind} ${table}.${column}`)).to.deep.equal([
      'morph-unknown-type comments.commentable_type',
      'morph-missing-target comments.commentable_id',
      'morph-missing-target comments.commentable_id',
    ]);
    expect(findings[0]!.message).to.match(/^2 row\(s\) of comments have commentable_type 'pots'/);
    expect(findings[1]!.message).to.match(/^2 row\(s\) .* 'post' point at no row of posts/);
    expect(findings[2]!.message).to.match(/^1 row\(s\) .* 'product' point at no row of products/);
  });
});
