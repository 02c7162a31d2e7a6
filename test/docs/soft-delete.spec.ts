import { expect } from 'chai';
import { softDelete } from '../../examples/soft-delete';
import { Deletion, ParentDeletedError } from '../../lib';
import { Order } from '../../models';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | soft delete example', () => {
  it('hides, shows, restores exactly the cascaded rows, refuses an orphan restore, purges', async () => {
    const { hidden, binned, shown, live, refusal, purged } = await softDelete();

    expect(hidden).to.equal(undefined);
    expect(binned.map((o) => o.order_number)).to.deep.equal(['A-1', 'A-2']);
    expect(shown?.orders?.map((o) => o.order_number).sort()).to.deep.equal(['A-1', 'A-2']);
    expect(live.map((o) => o.order_number)).to.deep.equal(['A-1']);
    expect(refusal).to.be.instanceOf(ParentDeletedError);
    expect((refusal as Error).message).to.equal(
      'Cannot restore Order: 1 row(s) belong through "customer" to a row that is still deleted; ' +
        'restore that row first',
    );
    expect(purged).to.equal(1);
    expect(await Order.query().withDeleted().resultSize()).to.equal(0);
    const kinds = (await Deletion.query().orderBy('id')).map((d) => [d.table_name, d.kind]);
    expect(kinds.slice(-2)).to.deep.equal([
      ['orders', 'hard'],
      ['customers', 'hard'],
    ]);
  });
});
