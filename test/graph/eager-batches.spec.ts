import { expect } from 'chai';
import { Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { countQueries } from '../support/queries';

describeEachDialect('Eager loading | one query per relation level', (db) => {
  it('loads the products of 1,200 shops in 2 queries (Objection would take 3 on SQLite)', async () => {
    await Shop.query().insertGraph(
      Array.from({ length: 1200 }, (_, index) => ({
        name: `Shop ${index}`,
        products: [{ name: 'Rice', price: 2.5 }],
      })),
    );

    let shops: Shop[] = [];
    const queries = await countQueries(db.knex, async () => {
      shops = await Shop.query().withGraphFetched('products').orderBy('id');
    });

    expect(queries).to.equal(2);
    expect(shops).to.have.length(1200);
    expect(shops.every((shop) => shop.products?.length === 1)).to.equal(true);
  });
});
