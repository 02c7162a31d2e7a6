import { expect } from 'chai';
import { nPlusOne } from '../../examples/n-plus-one';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | N+1 detector example', () => {
  it('reports the loop over 12 shops and loads them eagerly in 2 queries', async () => {
    const { findings, shops, queries } = await nPlusOne();

    expect(findings).to.have.length(1);
    expect(findings[0]).to.include({ relation: 'Shop.products', model: 'Product', count: 12 });
    expect(shops).to.have.length(12);
    expect(queries.map((q) => q.relation ?? q.model)).to.deep.equal(['Shop', 'Shop.products']);
    expect(queries[1]!.bindings).to.have.length(12);
  });
});
