import { expect } from 'chai';
import { throughAndTreesExample } from '../../examples/through-and-trees';
import type { Category } from '../../models';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | through relations and trees example', () => {
  it('reads a customer’s products through its orders, and a nested category tree', async () => {
    const { customer, tree, left } = await throughAndTreesExample();

    const names = customer!.purchasedProducts!.map(({ name }) => name).sort();
    expect(names).to.deep.equal(['Bagel', 'Bread', 'Bread']);
    const shape = (node: Category): unknown => ({
      name: node.name,
      below: (node.descendants ?? []).map(shape),
    });
    expect(shape(tree!)).to.deep.equal({
      name: 'Groceries',
      below: [
        {
          name: 'Bakery',
          below: [
            { name: 'Bread', below: [] },
            { name: 'Pastry', below: [] },
          ],
        },
      ],
    });
    expect(left.map(({ name }) => name)).to.deep.equal(['Groceries']);
  });
});
