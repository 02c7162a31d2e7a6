import { type Column, type SQL, sql } from 'drizzle-orm';
import type { NewShop } from '../../workloads/new-shops';
import type { ProductChanges, WantedShop } from '../../workloads/product-changes';

/**
 * What the benchmark asks of Drizzle, once per dialect: Drizzle's tables and queries are typed
 * per database (`pgTable` or `sqliteTable`), and its better-sqlite3 transactions are synchronous,
 * so each dialect has its own implementation of the same operations, written as Drizzle's
 * documentation has them.
 */
export interface DrizzlePeer {
  /** One product by primary key, or `undefined`. */
  productById(id: number): Promise<unknown>;
  /** Every shop with its products (a relational query, `with`). */
  shopsWithProducts(): Promise<unknown[]>;
  /** Every user with their posts, and every post with its tags, as `{ …post, tags }`. */
  usersWithPostsAndTags(): Promise<unknown[]>;
  /** Inserts the shops and their products in one transaction; the graph with its new ids. */
  insertShops(graph: NewShop[]): Promise<unknown>;
  /** Brings the shops' products to `wanted` in one transaction (the hand-written diff). */
  upsertShops(wanted: WantedShop[]): Promise<unknown>;
  /** Deletes the authors; ON DELETE CASCADE deletes their books. */
  deleteAuthors(ids: number[]): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Drizzle's relational queries load a many-to-many relation as the join rows, each with its
 * target; its documentation maps them to the targets, as here.
 */
export function withTags<P extends { postTags: Array<{ tag: unknown }> }>({
  postTags,
  ...post
}: P) {
  return { ...post, tags: postTags.map((link) => link.tag) };
}

/**
 * `(case when id = … then … end)` over the changed products, as Drizzle's guide to updating many
 * rows with different values writes it. Prices are cast, as PostgreSQL types a bare parameter
 * as text.
 */
export function caseById(
  id: Column,
  changed: ProductChanges['changed'],
  column: 'name' | 'price',
): SQL {
  const chunks: SQL[] = [sql`(case`];
  for (const product of changed) {
    const value =
      column === 'price' ? sql`cast(${product.price} as decimal(10, 2))` : sql`${product.name}`;
    chunks.push(sql`when ${id} = ${product.id} then ${value}`);
  }
  chunks.push(sql`end)`);
  return sql.join(chunks, sql.raw(' '));
}
