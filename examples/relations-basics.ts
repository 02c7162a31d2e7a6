import { Shop } from '../models';

/** The README's first example: a graph insert, eager loading, and a query through a relation. */
export async function relationsBasics() {
  // #region readme
  // Insert a whole graph, atomically: one invalid node and nothing is written.
  const shop = await Shop.query().insertGraph({
    name: 'Green Grocer',
    products: [
      { name: 'Rice', price: 2.5 },
      { name: 'Beans', price: 1.2 },
    ],
  });

  // Eager loading: one query per relation level, however many shops.
  const shops = await Shop.query().withGraphFetched('products');

  // Dynamic queries through a relation (SQLAlchemy's lazy='dynamic').
  const rice = await shop.$relatedQuery('products').where('name', 'Rice').first();
  // #endregion
  return { shops, rice };
}
