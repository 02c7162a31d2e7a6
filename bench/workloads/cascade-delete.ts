import { Author } from '../../models';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { inDriverTransaction } from '../orms/driver';
import {
  auditTrail,
  authorsAndBooksLeft,
  driverAuditSql,
  knexAuditRows,
  type RowJsonByTable,
  rowJsonByTable,
} from './audit-trail';
import { loadAuthors, resetTables } from './fixtures';

/**
 * Deleting `authors` authors and their `perAuthor` books each, with the audit trail: the layer
 * through its declared cascade, its models' `auditDeletions` hook writing a row per deleted row
 * into `deletions`; `knex` and `driver` doing the same by hand, in one transaction: the same
 * audit rows (one `INSERT … SELECT` per table, the JSON built with the same SQL), then the
 * deletes, bottom-up. The peers have no audit trail to compare: they delete without one in
 * `cascade-delete-no-audit-*`.
 */
export function cascadeDelete({
  authors,
  perAuthor,
  reducedFrom,
}: {
  authors: number;
  perAuthor: number;
  reducedFrom?: string;
}): Workload {
  // Written once, before the rounds, as a developer writes SQL by hand: the JSON per table, and the
  // driver's whole audit statements.
  let json: RowJsonByTable | undefined;
  let driverSql: Record<keyof RowJsonByTable, string> | undefined;
  return roundsWorkload<number[]>({
    name: `cascade-delete-${authors}x${perAuthor}`,
    reducedFrom,
    async load(ctx) {
      json = await rowJsonByTable(ctx);
      const { knex, driver } = ctx;
      driverSql = {
        books: driverAuditSql(knex, driver, 'books', json.books, driver.isIn('author_id')),
        authors: driverAuditSql(knex, driver, 'authors', json.authors, driver.isIn('id')),
      };
    },
    async prepare(ctx) {
      await resetTables(ctx, ['deletions']);
      await loadAuthors(ctx, authors, perAuthor);
      return Array.from({ length: authors }, (_, index) => index + 1);
    },
    contenders: {
      layer: (_ctx, ids) => Author.query().delete().whereIn('id', ids),
      knex: ({ knex }, ids) =>
        knex.transaction(async (trx) => {
          const deletedAt = new Date().toISOString();
          await knexAuditRows(trx, 'books', json!.books, deletedAt, (books) =>
            books.whereIn('books.author_id', ids),
          );
          await knexAuditRows(trx, 'authors', json!.authors, deletedAt, (rows) =>
            rows.whereIn('authors.id', ids),
          );
          await trx('books').whereIn('author_id', ids).delete();
          return trx('authors').whereIn('id', ids).delete();
        }),
      driver: ({ driver }, ids) =>
        inDriverTransaction(driver, async () => {
          const deletedAt = new Date().toISOString();
          const list = driver.list(ids);
          await driver.query(driverSql!.books, [deletedAt, list]);
          await driver.query(driverSql!.authors, [deletedAt, list]);
          await driver.query(`delete from books where ${driver.isIn('author_id')}`, [list]);
          return driver.query(`delete from authors where ${driver.isIn('id')}`, [list]);
        }),
    },
    outcome: async ({ knex }) => ({
      left: await authorsAndBooksLeft(knex),
      trail: await auditTrail(knex),
    }),
  });
}
