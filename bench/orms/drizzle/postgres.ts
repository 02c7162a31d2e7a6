import { eq, inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { assembled, type NewShop, valuesRowsPerStatement } from '../../workloads/new-shops';
import { changesOf, type WantedShop } from '../../workloads/product-changes';
import { chunked } from '../../workloads/fixtures';
import { caseById, type DrizzlePeer, withTags } from './peer';
import * as schema from './postgres-schema';

const { authors, products, shops } = schema;

/** Drizzle on node-postgres, on the database `url` names. */
export function openDrizzlePostgres(url: string, parameters: number): DrizzlePeer {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = drizzle({ client: pool, schema });
  type Transaction = Parameters<Parameters<typeof db.transaction>[0]>[0];

  async function insertIds(
    tx: Transaction,
    table: typeof shops | typeof products,
    rows: Array<typeof table.$inferInsert>,
  ): Promise<number[]> {
    if (rows.length === 0) return [];
    const ids: number[] = [];
    for (const chunk of chunked(rows, valuesRowsPerStatement(3, parameters))) {
      const returned = await tx.insert(table).values(chunk).returning({ id: table.id });
      for (const { id } of returned) ids.push(id);
    }
    return ids;
  }

  return {
    async productById(id) {
      const [product] = await db.select().from(products).where(eq(products.id, id)).limit(1);
      return product;
    },
    shopsWithProducts: () =>
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
    insertShops: (graph: NewShop[]) =>
      db.transaction(async (tx) => {
        const shopIds = await insertIds(
          tx,
          shops,
          graph.map(({ name }) => ({ name })),
        );
        const productIds = await insertIds(
          tx,
          products,
          graph.flatMap((shop, index) =>
            shop.products.map(({ name, price }) => ({ shop_id: shopIds[index]!, name, price })),
          ),
        );
        return assembled(graph, shopIds, productIds);
      }),
    upsertShops: (wanted: WantedShop[]) =>
      db.transaction(async (tx) => {
        const current = await tx
          .select()
          .from(products)
          .where(
            inArray(
              products.shop_id,
              wanted.map((shop) => shop.id),
            ),
          );
        const changes = changesOf(wanted, current);
        if (changes.changed.length > 0) {
          await tx
            .update(products)
            .set({
              name: caseById(products.id, changes.changed, 'name'),
              price: caseById(products.id, changes.changed, 'price'),
            })
            .where(
              inArray(
                products.id,
                changes.changed.map((product) => product.id),
              ),
            );
        }
        if (changes.dropped.length > 0) {
          await tx.delete(products).where(inArray(products.id, changes.dropped));
        }
        return insertIds(tx, products, changes.added);
      }),
    deleteAuthors: (ids) => db.delete(authors).where(inArray(authors.id, ids)),
    close: () => pool.end(),
  };
}
