import type { Knex } from 'knex';

// Few enough rows per statement for any database's limit on bound parameters.
const CHUNK = 400;

async function insertRows(trx: Knex.Transaction, table: string, rows: object[]): Promise<number[]> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await trx(table).insert(rows.slice(start, start + CHUNK));
  }
  const inserted: Array<{ id: number }> = await trx(table).select('id').orderBy('id');
  return inserted.map((row) => row.id);
}

/** `count` shops named `Shop 1`…, each with `productsEach` products, in one transaction. */
export async function insertShops(knex: Knex, count: number, productsEach = 2): Promise<void> {
  await knex.transaction(async (trx) => {
    const names = Array.from({ length: count }, (_, i) => ({ name: `Shop ${i + 1}` }));
    const shopIds = await insertRows(trx, 'shops', names);
    const products = shopIds.flatMap((shop_id) =>
      Array.from({ length: productsEach }, (_, i) => ({
        shop_id,
        name: `Product ${i + 1}`,
        price: i + 1,
      })),
    );
    await insertRows(trx, 'products', products);
  });
}

/** `count` users with two posts each, every post tagged with two of three tags. */
export async function insertUsersWithTaggedPosts(knex: Knex, count: number): Promise<void> {
  await knex.transaction(async (trx) => {
    const tagIds = await insertRows(trx, 'tags', [
      { name: 'orm' },
      { name: 'sql' },
      { name: 'ts' },
    ]);
    const names = Array.from({ length: count }, (_, i) => ({ name: `User ${i + 1}` }));
    const userIds = await insertRows(trx, 'users', names);
    const posts = userIds.flatMap((user_id) =>
      ['First', 'Second'].map((title) => ({ user_id, title, content: 'Lorem ipsum' })),
    );
    const postIds = await insertRows(trx, 'posts', posts);
    const postTags = postIds.flatMap((post_id, i) =>
      [tagIds[i % 3]!, tagIds[(i + 1) % 3]!].map((tag_id) => ({ post_id, tag_id })),
    );
    for (let start = 0; start < postTags.length; start += CHUNK) {
      await trx('post_tags').insert(postTags.slice(start, start + CHUNK));
    }
  });
}
