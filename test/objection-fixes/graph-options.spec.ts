import { expect } from 'chai';
import type { UpsertGraphOptions } from 'objection';
import { UnsupportedQueryError } from '../../lib';
import { Order, Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

// Objection 3.1.5 ignores graph-write options it does not know: a misspelled noDelete lets an
// upsert delete every child the graph leaves out (the fork warns from 3.4.0, ditojs#84).
describeEachDialect(
  'Objection fixes | a graph write refuses options Objection would ignore',
  (db) => {
    async function refusal(write: () => PromiseLike<unknown>) {
      const before = await snapshotDatabase(db.knex);
      const error = await Promise.resolve(write()).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(UnsupportedQueryError);
      expect(await snapshotDatabase(db.knex), 'nothing written').to.deep.equal(before);
      return error as UnsupportedQueryError;
    }

    it('a misspelled noDelete deletes nothing and is refused', async () => {
      const shop = await Shop.query().insertGraph({
        name: 'Green Grocer',
        products: [{ name: 'Rice', price: 2.5 }],
      });

      const error = await refusal(() =>
        Shop.query().upsertGraph({ id: shop.id, name: 'Green Grocer', products: [] }, {
          noDelet: true,
        } as UpsertGraphOptions),
      );

      expect(error.message).to.match(
        /^upsertGraph\(\) has no option "noDelet", and Objection would ignore it/,
      );
      expect(await Product.query().resultSize()).to.equal(1);
    });

    it('a misspelled relate, which would insert the product again, is refused', async () => {
      const shop = await Shop.query().insertGraph({
        name: 'Green Grocer',
        products: [{ name: 'Rice', price: 2.5 }],
      });
      const [rice] = shop.products!;

      await refusal(() =>
        Order.query().insertGraph(
          { order_number: 'ORD-1', products: [{ id: rice!.id, quantity: 1, unit_price: 2.5 }] },
          {
            relates: true,
          } as UpsertGraphOptions,
        ),
      );

      expect(await Order.query().resultSize()).to.equal(0);
    });

    it('the options Objection knows still apply', async () => {
      const shop = await Shop.query().insertGraph({
        name: 'Green Grocer',
        products: [{ name: 'Rice', price: 2.5 }],
      });

      await Shop.query().upsertGraph(
        { id: shop.id, name: 'Green Grocer', products: [] },
        { noDelete: true },
      );

      expect(await Product.query().resultSize()).to.equal(1);
    });
  },
);
