import { expect } from 'chai';
import { setBasedDeleteHooks } from '../../examples/set-based-delete-hooks';
import { Deletion } from '../../lib';
import { Book } from '../../models';
import { describeEachDialect } from '../support/database';
import { shapeOf } from '../support/statements';

describeEachDialect('Docs | set-based delete hooks example', () => {
  it('counts the deleted books in SQL, reading none of them', async () => {
    const { tally, statements } = await setBasedDeleteHooks();

    expect(tally).to.deep.equal([['books', 3]]);
    expect(statements.map(shapeOf)).to.deep.equal([
      'begin',
      'select books',
      'insert deletions',
      'select books',
      'delete books',
      'commit',
    ]);
    expect(await Book.query().resultSize()).to.equal(0);
    expect(await Deletion.query().resultSize()).to.equal(3);
  });
});
