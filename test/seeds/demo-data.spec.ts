import { expect } from 'chai';
import { Customer, Order, Shop, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

const withoutTimestamps = (snapshot: Record<string, unknown[]>) =>
  Object.fromEntries(
    Object.entries(snapshot).map(([table, rows]) => [
      table,
      rows.map((row) => ({ ...(row as object), created_at: undefined, updated_at: undefined })),
    ]),
  );

describeEachDialect('Seeds | demo data', (db) => {
  it('loads every model and relation, and shop 1 sells Rice', async () => {
    await db.knex.seed.run();

    const shop = await Shop.query().findById(1);
    const rice = await shop!.$relatedQuery('products').where('name', 'Rice').first();
    const john = await User.query()
      .findOne({ name: 'John' })
      .withGraphFetched('[profile, posts.tags]');
    const alice = await Customer.query()
      .findOne({ name: 'Alice' })
      .withGraphFetched('orders.products');
    const guest = await Order.query().whereNull('customer_id');

    expect(rice?.price).to.equal(2.5);
    expect(john?.profile?.bio).to.be.a('string');
    expect(john?.posts?.flatMap((p) => p.tags?.map((t) => t.name)).sort()).to.deep.equal([
      'flask',
      'orm',
      'orm',
    ]);
    expect(alice?.orders?.[0]?.products?.[0]).to.have.property('quantity').that.is.a('number');
    expect(guest).to.have.length(1);
  });

  it('gives exactly the same data when run twice: no duplicates, no error', async () => {
    await db.knex.seed.run();
    const first = withoutTimestamps(await snapshotDatabase(db.knex));

    await db.knex.seed.run();

    expect(withoutTimestamps(await snapshotDatabase(db.knex))).to.deep.equal(first);
  });
});
