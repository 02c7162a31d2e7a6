import { expect } from 'chai';
import { ReferencedByOtherTableError } from '../../lib';
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

describeEachDialect('Seeds | demo data | the tables it did not create', (db) => {
  afterEach(async () => {
    await db.knex.schema.dropTableIfExists('host_reviews');
    await db.knex.schema.dropTableIfExists('host_notes');
  });

  async function createHostTables(): Promise<void> {
    await db.knex.schema.createTable('host_notes', (t) => {
      t.increments('id');
      t.string('text').notNullable();
    });
    await db.knex.schema.createTable('host_reviews', (t) => {
      t.increments('id');
      t.integer('product_id').references('id').inTable('products').onDelete('CASCADE').index();
      t.string('text').notNullable();
    });
  }

  it('keeps the rows and the ids of a table it did not create', async () => {
    await db.knex.seed.run();
    await createHostTables();
    await db.knex('host_notes').insert([{ text: 'first' }, { text: 'second' }]);
    await db.knex('host_reviews').insert({ product_id: null, text: 'about no product' });

    await db.knex.seed.run();
    await db.knex('host_notes').insert({ text: 'third' });

    expect(await db.knex('host_notes').orderBy('id')).to.deep.equal([
      { id: 1, text: 'first' },
      { id: 2, text: 'second' },
      { id: 3, text: 'third' },
    ]);
    expect(await db.knex('host_reviews').select('product_id', 'text')).to.deep.equal([
      { product_id: null, text: 'about no product' },
    ]);
    expect((await Shop.query().orderBy('id')).map((shop) => shop.name)).to.deep.equal([
      'Green Grocer',
      'Corner Bakery',
      'Tech Hub',
    ]);
  });

  it('refuses, writing nothing, while rows of another table reference its tables', async () => {
    await db.knex.seed.run();
    await createHostTables();
    await db.knex('host_reviews').insert([
      { product_id: 1, text: 'good rice' },
      { product_id: 2, text: 'good beans' },
    ]);
    await Shop.query().insert({ name: 'Added after the seed' });
    const before = await snapshotDatabase(db.knex);

    // knex's seed runner wraps what a seed throws, keeping it as `original`.
    const error = await db.knex.seed.run().then(
      () => expect.fail('the seed ran'),
      (failure: { original?: unknown }) => failure.original,
    );

    expect(error).to.be.instanceOf(ReferencedByOtherTableError);
    expect(error).to.include({ code: 'REFERENCED_BY_OTHER_TABLE', statusCode: 409 });
    expect((error as ReferencedByOtherTableError).references).to.deep.equal([
      { table: 'host_reviews', column: 'product_id', referencedTable: 'products', rows: 2 },
    ]);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });
});
