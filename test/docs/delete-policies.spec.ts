import { expect } from 'chai';
import { deletePolicies } from '../../examples/delete-policies';
import { DeleteRestrictedError } from '../../lib';
import { Shop } from '../../models';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | delete policies example', () => {
  it('deletes the author with the books into the audit trail, and refuses the ordered shop', async () => {
    const { trail, refusal } = await deletePolicies();

    expect(trail.map((d) => [d.table_name, d.row.title ?? d.row.name])).to.deep.equal([
      ['books', 'Emma'],
      ['books', 'Persuasion'],
      ['authors', 'Jane Austen'],
    ]);
    expect(refusal).to.be.instanceOf(DeleteRestrictedError);
    expect((refusal as Error).message).to.equal(
      'Cannot delete Shop: 1 row(s) in its relation "products.orders" depend on it',
    );
    expect(await Shop.query().resultSize()).to.equal(1);
  });
});
