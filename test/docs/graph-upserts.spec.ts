import { expect } from 'chai';
import { graphUpserts } from '../../examples/graph-upserts';
import { Deletion } from '../../lib';
import { Tag } from '../../models';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | graph upserts example', () => {
  it('renames the user, retags the kept post, deletes the draft and keeps every tag', async () => {
    const john = await graphUpserts();

    expect(john?.name).to.equal('John Smith');
    expect(john?.posts?.map((p) => [p.title, p.tags?.map((t) => t.name)])).to.deep.equal([
      ['Published', ['typescript']],
    ]);
    expect((await Tag.query().orderBy('name')).map((t) => t.name)).to.deep.equal([
      'orm',
      'sql',
      'typescript',
    ]);
    expect((await Deletion.query()).map((d) => [d.table_name, d.row.title])).to.deep.equal([
      ['posts', 'Draft'],
    ]);
  });
});
