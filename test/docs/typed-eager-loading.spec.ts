import { expect } from 'chai';
import { typedEagerLoading } from '../../examples/typed-eager-loading';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | typed eager loading example', () => {
  it('loads the products with their orders, and the products onto a shop in memory', async () => {
    const { ordersPerProduct, names } = await typedEagerLoading();

    // Eager rows come in the database's order unless a modifier orders them.
    expect([...ordersPerProduct!].sort()).to.deep.equal([0, 1]);
    expect([...names].sort()).to.deep.equal(['Beans', 'Rice']);
  });
});
