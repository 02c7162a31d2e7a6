import type { Knex } from 'knex';
import type { InsertLimits } from '../../lib';
import type { BenchContext } from '../harness/context';

type Row = Record<string, unknown>;

/** What loading fixtures needs of a benchmark's context: the database and its dialect. */
export type FixtureContext = Pick<BenchContext, 'dialect' | 'knex'>;

const CONTENT = 'A short post body, the same for every post, long enough to look like text.';

/** Rows per statement: within the dialect's row and bound-parameter limits. */
export function rowsPerStatement(columns: number, limits: InsertLimits): number {
  return Math.max(1, Math.min(limits.rows, Math.floor(limits.parameters / columns)));
}

export function chunked<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size)
    chunks.push(rows.slice(start, start + size));
  return chunks;
}

async function insertAll(knex: Knex, limits: InsertLimits, table: string, rows: Row[]) {
  if (rows.length === 0) return;
  const size = rowsPerStatement(Object.keys(rows[0]!).length, limits);
  for (const chunk of chunked(rows, size)) await knex(table).insert(chunk);
}

/** Empties `tables` and restarts their ids, so that every run sees the same ids. */
export function resetTables(ctx: FixtureContext, tables: readonly string[]): Promise<void> {
  return ctx.dialect.truncate(ctx.knex, tables);
}

/** A price with two decimals, varied but the same for everyone. */
export function priceOf(index: number): number {
  return (((index * 37) % 9000) + 100) / 100;
}

// Seeded rows leave created_at/updated_at to the column defaults: SQLite's CURRENT_TIMESTAMP
// text is the one format that the layer, Sequelize and TypeORM all read back as UTC.

/** `shops` shops (ids 1…) with `perShop` products each (ids in shop order). */
export async function loadShops(
  ctx: FixtureContext,
  shops: number,
  perShop: number,
): Promise<void> {
  await resetTables(ctx, ['order_items', 'products', 'shops']);
  const limits = ctx.dialect.insertLimits;
  await ctx.knex.transaction(async (trx) => {
    await insertAll(
      trx,
      limits,
      'shops',
      Array.from({ length: shops }, (_, s) => ({ name: `Shop ${s + 1}` })),
    );
    const products = Array.from({ length: shops * perShop }, (_, i) => ({
      shop_id: Math.floor(i / perShop) + 1,
      name: `Product ${Math.floor(i / perShop) + 1}.${(i % perShop) + 1}`,
      price: priceOf(i),
    }));
    await insertAll(trx, limits, 'products', products);
  });
}

/** Users with posts, each post with `tagsPerPost` tags out of a shared pool of `tagPool`. */
export async function loadBlog(
  ctx: FixtureContext,
  {
    users,
    postsPerUser,
    tagsPerPost,
    tagPool,
  }: { users: number; postsPerUser: number; tagsPerPost: number; tagPool: number },
): Promise<void> {
  await resetTables(ctx, ['post_tags', 'tags', 'profiles', 'posts', 'users']);
  const limits = ctx.dialect.insertLimits;
  const posts = users * postsPerUser;
  await ctx.knex.transaction(async (trx) => {
    await insertAll(
      trx,
      limits,
      'users',
      Array.from({ length: users }, (_, u) => ({ name: `User ${u + 1}` })),
    );
    await insertAll(
      trx,
      limits,
      'tags',
      Array.from({ length: tagPool }, (_, t) => ({ name: `tag-${t + 1}` })),
    );
    await insertAll(
      trx,
      limits,
      'posts',
      Array.from({ length: posts }, (_, p) => ({
        user_id: Math.floor(p / postsPerUser) + 1,
        title: `Post ${Math.floor(p / postsPerUser) + 1}.${(p % postsPerUser) + 1}`,
        content: CONTENT,
      })),
    );
    // Steps of 11 through the pool give each post distinct tags while tagsPerPost * 11 < tagPool.
    const links = Array.from({ length: posts * tagsPerPost }, (_, i) => ({
      post_id: Math.floor(i / tagsPerPost) + 1,
      tag_id: ((Math.floor(i / tagsPerPost) * 7 + (i % tagsPerPost) * 11) % tagPool) + 1,
    }));
    await insertAll(trx, limits, 'post_tags', links);
  });
}

// The authors and books carry one fixed time instead: their rows end up, JSON and all, in the
// audit trail, which must come out the same for every contender of every round.
const AUDITED_STAMP = {
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

/** `authors` authors with `perAuthor` books each, all stamped with the same fixed time. */
export async function loadAuthors(
  ctx: BenchContext,
  authors: number,
  perAuthor: number,
): Promise<void> {
  await resetTables(ctx, ['books', 'authors']);
  const limits = ctx.dialect.insertLimits;
  await ctx.knex.transaction(async (trx) => {
    await insertAll(
      trx,
      limits,
      'authors',
      Array.from({ length: authors }, (_, a) => ({ name: `Author ${a + 1}`, ...AUDITED_STAMP })),
    );
    const books = Array.from({ length: authors * perAuthor }, (_, i) => ({
      author_id: Math.floor(i / perAuthor) + 1,
      title: `Book ${Math.floor(i / perAuthor) + 1}.${(i % perAuthor) + 1}`,
      ...AUDITED_STAMP,
    }));
    await insertAll(trx, limits, 'books', books);
  });
}
