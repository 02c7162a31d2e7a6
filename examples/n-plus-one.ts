import { detectNPlusOne, forbidNPlusOne, recordQueries } from '../lib';
import { Shop } from '../models';

/** The README's N+1 example: a loop of relation queries is reported, eager loading is not. */
export async function nPlusOne() {
  for (let i = 1; i <= 12; i++) {
    await Shop.query().insertGraph({ name: `Shop ${i}`, products: [{ name: 'Rice', price: 2.5 }] });
  }

  // #region readme
  const knex = Shop.knex(); // the knex instance the models are bound to

  // One query per shop for its products: the N+1 problem.
  const { findings } = await detectNPlusOne(knex, async () => {
    for (const shop of await Shop.query()) await shop.$relatedQuery('products');
  });
  // [{ relation: 'Shop.products', model: 'Product', count: 12, shape: 'select "products".* … in (?)' }]

  // Eager loading: one query per relation level however many shops, so nothing to report.
  const { result: shops, queries } = await recordQueries(knex, () =>
    forbidNPlusOne(knex, () => Shop.query().withGraphFetched('products')),
  );
  // queries: [{ sql: 'select …', bindings: [], model: 'Shop', durationMs: 0.4, failed: false },
  //           { sql: 'select …', bindings: [1, …, 12], model: 'Product', relation: 'Shop.products', … }]
  // #endregion
  return { findings, shops, queries };
}
