import { expect } from 'chai';
import { setBasedGraphInsert } from '../../examples/set-based-graph-insert';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | set-based graph insert example', (db) => {
  it('inserts two shops and three products with two INSERT statements, ids in input order', async () => {
    const { shops, inserts } = await setBasedGraphInsert(db.knex);

    expect(inserts).to.have.length(2);
    expect(
      shops.map((shop) => [shop.id, shop.products!.map((p) => [p.id, p.shop_id])]),
    ).to.deep.equal([
      [
        1,
        [
          [1, 1],
          [2, 1],
        ],
      ],
      [2, [[3, 2]]],
    ]);
  });
});
