import { recordQueries } from '../lib';
import { Shop } from '../models';

/** The README's set-based upsert example: 50 shops' products rewritten in a few statements. */
export async function setBasedUpserts() {
  const shops = await Shop.query().insertGraph(
    Array.from({ length: 50 }, (_, s) => ({
      name: `Shop ${s}`,
      products: [
        { name: 'Rice', price: 2.5 },
        { name: 'Beans', price: 1.2 },
      ],
    })),
  );
  // #region readme
  // Every shop: Rice gets a new price, Beans is dropped (Shop.products is `cascade`: deleted and
  // audited), Lentils is added. One statement per relation level and kind of write.
  const { queries } = await recordQueries(Shop.knex(), () =>
    Shop.query().upsertGraph(
      shops.map((shop) => ({
        id: shop.id,
        products: [
          { id: shop.products?.[0]?.id, price: 2.6 },
          { name: 'Lentils', price: 3.1 },
        ],
      })),
    ),
  );
  // queries.length: 11 (2 for the dropped products’ comments, audited and deleted), the same
  // for 5 shops or 5,000
  // #endregion
  return queries;
}
