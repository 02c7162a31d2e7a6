import { expect } from 'chai';
import { StaleVersionError } from '../../lib';
import { Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { createGreenGrocer } from '../support/fixtures';
import { snapshotDatabase } from '../support/queries';

async function versionsOf(): Promise<Record<string, number>> {
  const rows = await Product.query().orderBy('id');
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.version)]));
}

async function expectStale(write: PromiseLike<unknown>): Promise<StaleVersionError> {
  const error: unknown = await Promise.resolve(write).then(
    () => expect.fail('the stale write succeeded'),
    (failure: unknown) => failure,
  );
  expect(error).to.be.instanceOf(StaleVersionError);
  expect(error).to.include({ code: 'STALE_VERSION', statusCode: 409 });
  return error as StaleVersionError;
}

describeEachDialect('Versions | a versioned model counts its updates', (db) => {
  let shop: Shop;
  let rice: Product;

  beforeEach(async () => {
    shop = await createGreenGrocer();
    rice = shop.products![0]!;
  });

  describe('every write path sets the version', () => {
    it('an insert, a graph insert included, starts at version 1', async () => {
      await Product.query().insert({ shop_id: shop.id, name: 'Oats', price: 1 });

      expect(rice.version).to.equal(1);
      expect(await versionsOf()).to.deep.equal({ Rice: 1, Beans: 1, Oats: 1 });
    });

    it('an instance patch raises it by one, and the instance holds the new version', async () => {
      const loaded = (await Product.query().findById(rice.id))!;

      await loaded.$query().patch({ price: 3 });

      expect(loaded.version).to.equal(2);
      expect(await versionsOf()).to.deep.equal({ Rice: 2, Beans: 1 });
    });

    it('an instance update raises it by one', async () => {
      const loaded = (await Product.query().findById(rice.id))!;
      loaded.price = 4;

      await loaded.$query().update();

      expect(await versionsOf()).to.deep.equal({ Rice: 2, Beans: 1 });
    });

    it('a patch by id or by where raises the version of every row it changes', async () => {
      await Product.query().findById(rice.id).patch({ price: 3 });
      await Product.query().where('shop_id', shop.id).patch({ price: 5 });

      expect(await versionsOf()).to.deep.equal({ Rice: 3, Beans: 2 });
    });

    it('patchAndFetchById and updateAndFetchById raise it and answer the new version', async () => {
      const patched = await Product.query().patchAndFetchById(rice.id, { price: 3 });
      const updated = await Product.query().updateAndFetchById(rice.id, {
        shop_id: shop.id,
        name: 'Rice',
        price: 4,
      });

      expect([patched.version, updated.version]).to.deep.equal([2, 3]);
      expect(await versionsOf()).to.deep.equal({ Rice: 3, Beans: 1 });
    });

    it('a set-based graph upsert raises the version of the rows it changes, and only those', async () => {
      await Shop.query().upsertGraph(
        { id: shop.id, products: [{ id: rice.id, price: 9 }, { id: shop.products![1]!.id }] },
        { noDelete: true },
      );

      expect(await versionsOf()).to.deep.equal({ Rice: 2, Beans: 1 });
    });

    it('a graph upsert through Objection raises it too', async () => {
      // `relate` is an option the set-based upsert leaves to Objection.
      await Shop.query().upsertGraph(
        { id: shop.id, products: [{ id: rice.id, price: 9 }] },
        { noDelete: true, relate: true },
      );

      expect(await versionsOf()).to.deep.equal({ Rice: 2, Beans: 1 });
    });
  });

  describe('a stale version writes nothing', () => {
    it('an instance read before another write cannot overwrite it', async () => {
      const mine = (await Product.query().findById(rice.id))!;
      await Product.query().findById(rice.id).patch({ price: 7 });
      const before = await snapshotDatabase(db.knex);

      const error = await expectStale(mine.$query().patch({ price: 3 }));

      expect(error).to.include({ model: 'Product', id: rice.id, expectedVersion: 1 });
      expect(mine.version).to.equal(1);
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });

    it('a patch body naming an old version is refused, by id and by where', async () => {
      await Product.query().findById(rice.id).patch({ price: 7 });
      const before = await snapshotDatabase(db.knex);

      await expectStale(Product.query().findById(rice.id).patch({ price: 3, version: 1 }));
      await expectStale(Product.query().patchAndFetchById(rice.id, { price: 3, version: 1 }));
      await expectStale(
        Product.query().where('name', 'Rice').orWhere('name', 'Nope').patch({ version: 1 }),
      );

      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });

    it('a patch naming the current version succeeds, and a missing row is still no row', async () => {
      const updated = await Product.query().findById(rice.id).patch({ price: 3, version: 1 });
      const missing = await Product.query().findById(9999).patch({ price: 3, version: 1 });

      expect([updated, missing]).to.deep.equal([1, 0]);
      expect(await versionsOf()).to.deep.equal({ Rice: 2, Beans: 1 });
    });

    for (const [path, options] of [
      ['set-based', { noDelete: true }],
      ['through Objection', { noDelete: true, relate: true }],
    ] as const) {
      it(`a graph upsert (${path}) with one stale nested version writes nothing at all`, async () => {
        await Product.query().findById(rice.id).patch({ price: 7 });
        const before = await snapshotDatabase(db.knex);
        const beans = shop.products![1]!;

        await expectStale(
          Shop.query().upsertGraph(
            {
              id: shop.id,
              name: 'Renamed',
              products: [
                { id: beans.id, price: 8, version: 1 },
                { id: rice.id, price: 3, version: 1 },
                { name: 'Oats', price: 1 },
              ],
            },
            options,
          ),
        );

        expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
      });
    }
  });
});
