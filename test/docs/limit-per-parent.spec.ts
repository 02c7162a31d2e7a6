import { expect } from 'chai';
import { limitPerParentExample } from '../../examples/limit-per-parent';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | per-parent limits example', () => {
  it('gives each shop its 3 most expensive products, and one shop its top 2', async () => {
    const { shops, top2 } = await limitPerParentExample();

    expect(
      Object.fromEntries(shops.map((s) => [s.name, s.products?.map((p) => p.name)])),
    ).to.deep.equal({
      'Spice Market': ['Saffron', 'Cardamom', 'Pepper'],
      'Corner Bakery': ['Bread'],
    });
    expect(top2.map((p) => p.name)).to.deep.equal(['Saffron', 'Cardamom']);
  });
});
