import BetterSqlite3 from 'better-sqlite3';
import { eq, inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { assembled, type NewShop, valuesRowsPerStatement } from '../../workloads/new-shops';
import { changesOf, type WantedShop } from '../../workloads/product-changes';
import { chunked } from '../../workloads/fixtures';
import { caseById, type DrizzlePeer, withTags } from './peer';
import * as schema from './sqlite-schema';

const { authors, products, shops } = schema;

/**
 * Drizzle on better-sqlite3 (12.11.1: 13.x needs Node 22), the SQLite driver its documentation
 * uses, with foreign keys on as the project's connections have them. better-sqlite3 is
 * synchronous, and so are Drizzle's transactions on it: their queries run with `.all()` and
 * `.run()`.
 */
export function openDrizzleSqlite(filename: string, parameters: number): DrizzlePeer {
  const database = new BetterSqlite3(filename);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = drizzle({ client: database, schema });
  type Transaction = Parameters<Parameters<typeof db.transaction>[0]>[0];

  function insertIds(
    tx: Transaction,
    table: typeof shops | typeof products,
    rows: Array<typeof table.$inferInsert>,
  ): number[] {
    const ids: number[] = [];
    for (const chunk of chunked(rows, valuesRowsPerStatement(3, parameters))) {
      for (const { id } of tx.insert(table).values(chunk).returning({ id: table.id }).all()) {
        ids.push(id);
      }
    }
    return ids;
  }

  return {
    async productById(id) {
      const [product] = await db.select().from(products).where(eq(products.id, id)).limit(1);
      return product;
    },
    shopsWithProducts: async () =>
      db.query.shops.findMany({
        with: { products: { orderBy: (product, { asc }) => [asc(product.id)] } },
        orderBy: (shop, { asc }) => [asc(shop.id)],
      }),
    async usersWithPostsAndTags() {
      const users = await db.query.users.findMany({
        with: { posts: { with: { postTags: { with: { tag: true } } } } },
        orderBy: (user, { asc }) => [asc(user.id)],
      });
      return users.map((user) => ({ ...user, posts: user.posts.map(withTags) }));
    },
    insertShops: async (graph: NewShop[]) =>
      db.transaction((tx) => {
        const shopIds = insertIds(
          tx,
          shops,
          graph.map(({ name }) => ({ name })),
        );
        const productIds = insertIds(
          tx,
          products,
          graph.flatMap((shop, index) =>
            shop.products.map(({ name, price }) => ({ shop_id: shopIds[index]!, name, price })),
          ),
        );
        return assembled(graph, shopIds, productIds);
      }),
    upsertShops: async (wanted: WantedShop[]) =>
      db.transaction((tx) => {
        const current = tx
          .select()
          .from(products)
          .where(
            inArray(
              products.shop_id,
              wanted.map((shop) => shop.id),
            ),
          )
          .all();
        const changes = changesOf(wanted, current);
        if (changes.changed.length > 0) {
          tx.update(products)
            .set({
              name: caseById(products.id, changes.changed, 'name'),
              price: caseById(products.id, changes.changed, 'price'),
            })
            .where(
              inArray(
                products.id,
                changes.changed.map((product) => product.id),
              ),
            )
            .run();
        }
        if (changes.dropped.length > 0) {
          tx.delete(products).where(inArray(products.id, changes.dropped)).run();
        }
        return insertIds(tx, products, changes.added);
      }),
    deleteAuthors: async (ids) => db.delete(authors).where(inArray(authors.id, ids)).run(),
    async close() {
      database.close();
    },
  };
}
