import { expect } from 'chai';
import { relationsBasics } from '../../examples/relations-basics';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | relations basics example', () => {
  it('inserts a shop graph, loads it eagerly and finds Rice through the relation', async () => {
    const { shops, rice } = await relationsBasics();

    expect(shops.map((s) => s.products?.length)).to.deep.equal([2]);
    expect(rice).to.include({ name: 'Rice', price: 2.5 });
  });
});
