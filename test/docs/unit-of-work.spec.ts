import { expect } from 'chai';
import { unitOfWorkExample } from '../../examples/unit-of-work';
import { Shop } from '../../models';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | unit of work example', () => {
  it('renames the shop in a transaction of its own', async () => {
    const renamed = await unitOfWorkExample();

    expect(renamed).to.include({ name: 'Green Grocer & Sons' });
    expect((await Shop.query().first())?.name).to.equal('Green Grocer & Sons');
  });
});
