import { expect } from 'chai';
import { checkedInverses } from '../../examples/checked-inverses';
import { InverseMismatchError } from '../../lib';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | checked inverses example', () => {
  it('refuses the first query of the broken pair, naming both sides', async () => {
    const { firstQuery } = await checkedInverses();

    expect(firstQuery).to.throw(
      InverseMismatchError,
      'Library.books names Volume.library as its inverse, but Volume.library names Library.volumes',
    );
  });
});
