import type { Knex } from 'knex';
import { recordQueries } from '../lib';
import { Shop } from '../models';

/** The README's graph-insert example: many shops and products, one INSERT per table. */
export async function setBasedGraphInsert(knex: Knex) {
  // #region readme
  // Every node is validated first; then each relation level goes in with one multi-row
  // INSERT … RETURNING (in chunks within SQLite's limits), in one transaction.
  const { result: shops, queries } = await recordQueries(knex, async () =>
    Shop.query().insertGraph([
      {
        name: 'Green Grocer',
        products: [
          { name: 'Rice', price: 2.5 },
          { name: 'Beans', price: 1.2 },
        ],
      },
      { name: 'Corner Bakery', products: [{ name: 'Bread', price: 3 }] },
    ]),
  );
  const inserts = queries.filter((query) => query.sql.startsWith('insert'));
  // inserts.length === 2; ids follow the input order: shops 1, 2 and products 1, 2, 3
  // #endregion
  return { shops, inserts };
}
