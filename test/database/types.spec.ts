import { expect } from 'chai';
import { Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// The same data gives the same JSON on every dialect.
describeEachDialect('Database | values come back as JavaScript types', (db) => {
  beforeEach(async () => {
    await Shop.query().insertGraph({
      name: 'Tech Hub',
      products: [
        { name: 'Laptop', price: 999.99 },
        { name: 'Cable', price: 0.1 },
      ],
    });
  });

  it('returns ids and money as numbers with their two decimals', async () => {
    const products = await Product.query().orderBy('name');

    expect(products.map((p) => p.toJSON())).to.deep.include.members([
      { ...products[0]!.toJSON(), id: 2, shop_id: 1, name: 'Cable', price: 0.1 },
    ]);
    expect(products.map((p) => p.price)).to.deep.equal([0.1, 999.99]);
    expect(products.every((p) => typeof p.id === 'number' && typeof p.price === 'number')).to.equal(
      true,
    );
  });

  it('returns timestamps as ISO-8601 strings, kept by the model', async () => {
    const cable = await Product.query().findOne({ name: 'Cable' });
    const { created_at, updated_at } = cable!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await cable!.$query().patch({ price: 0.2 });
    const after = await Product.query().findOne({ name: 'Cable' });

    expect(after!.created_at).to.match(ISO_8601);
    expect(after!.updated_at).to.match(ISO_8601);
    expect(after!.created_at).to.equal(created_at);
    expect(after!.updated_at! > updated_at!).to.equal(true);
  });

  it('reads timestamps written by the database default as ISO-8601 too', async () => {
    await db.knex('shops').insert({ name: 'Raw Shop' });

    const shop = await Shop.query().findOne({ name: 'Raw Shop' });

    expect(shop!.created_at).to.match(ISO_8601);
  });

  it('reads timestamps the database stored as text, fractions of a second included', async () => {
    // SQLite stores the text as given; PostgreSQL needs the zone spelled out.
    const zone = db.dialect.name === 'sqlite' ? '' : '+00';
    const written = ['2026-03-04 05:06:07', '2026-03-04 05:06:07.5', '2026-03-04 05:06:07.123456'];
    for (const [index, time] of written.entries()) {
      await db.knex('shops').insert({ name: `Shop ${index}`, created_at: `${time}${zone}` });
    }

    const shops = await Shop.query()
      .whereIn('name', ['Shop 0', 'Shop 1', 'Shop 2'])
      .orderBy('name');

    expect(shops.map((shop) => shop.created_at)).to.deep.equal([
      '2026-03-04T05:06:07.000Z',
      '2026-03-04T05:06:07.500Z',
      '2026-03-04T05:06:07.123Z',
    ]);
  });

  it('returns counts and sums as numbers', async () => {
    const count = await db.knex('products').count({ n: '*' }).first();
    const sum = await db.knex('products').sum({ total: 'price' }).first();

    expect(count).to.deep.equal({ n: 2 });
    expect(sum?.total).to.be.closeTo(1000.09, 1e-9);
    expect(await Product.query().resultSize()).to.equal(2);
  });

  it('enforces foreign keys on every connection', async () => {
    const error = await db
      .knex('products')
      .insert({ shop_id: 404, name: 'Orphan', price: 1 })
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(Error);
    expect(await db.knex('products').where({ name: 'Orphan' })).to.deep.equal([]);
  });
});
