import type { Knex } from 'knex';
import type { SqlFragment } from '../../lib';
import { ISO_TIMESTAMP_COLUMNS } from '../../lib/base-model';
import type { BenchContext } from '../harness/context';
import type { Driver } from '../orms/driver';

// The audit trail as a careful developer writes it by hand, doing what the layer's
// `auditDeletions` does (lib/audit/deletion-audit.ts): before the rows go, one
// `INSERT INTO deletions … SELECT` per table, each row's JSON built by the database with the same
// SQL (`Dialect.rowJson`, lib/database/*-row-json.ts), the rows ordered by id and locked.

const COLUMNS = ['table_name', 'row_id', 'row', 'deleted_at'] as const;

/** The SQL that builds a row's JSON, per audited table, written once before any run. */
export type RowJsonByTable = Record<'authors' | 'books', SqlFragment>;

export async function rowJsonByTable(ctx: BenchContext): Promise<RowJsonByTable> {
  const of = async (table: string) => {
    const json = ctx.dialect.rowJson(
      await ctx.dialect.columnsOf(ctx.knex, table),
      ISO_TIMESTAMP_COLUMNS,
    );
    if (!json) throw new Error(`no SQL builds the JSON of a row of ${table}`);
    return json;
  };
  return { authors: await of('authors'), books: await of('books') };
}

/** `insert into deletions (…) select …, <the row's JSON>, … from <table> where <rows>`. */
export function knexAuditRows(
  trx: Knex.Transaction,
  table: 'authors' | 'books',
  json: SqlFragment,
  deletedAt: string,
  rows: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
) {
  const id = `${table}.id`;
  const audited = rows(trx(table))
    .select(
      trx.raw('? as table_name', [table]),
      `${id} as row_id`,
      trx.raw(`${json.sql} as row`, [...json.bindings]),
      trx.raw('? as deleted_at', [deletedAt]),
    )
    .orderBy(id)
    .forUpdate();
  const target = trx.raw(`?? (${COLUMNS.map(() => '??').join(', ')})`, ['deletions', ...COLUMNS]);
  return trx.insert(audited).into(target);
}

/**
 * The same statement for the raw driver, with `?` for the deleted time and `where` (which names
 * its own placeholders) for the rows: the JSON's column names and keys inlined once, by knex.
 */
export function driverAuditSql(
  knex: Knex,
  driver: Driver,
  table: 'authors' | 'books',
  json: SqlFragment,
  where: string,
): string {
  const row = knex.raw(json.sql, [...json.bindings]).toString();
  return (
    `insert into deletions (${COLUMNS.join(', ')}) ` +
    `select '${table}' as table_name, ${table}.id as row_id, ${row} as row, ? as deleted_at ` +
    `from ${table} where ${where} order by ${table}.id${driver.lockRows}`
  );
}

/** The audit trail, in order, as every contender must have left it. */
export async function auditTrail(knex: Knex) {
  const rows: Array<Record<string, unknown>> = await knex('deletions').orderBy('id');
  return rows.map((row) => ({
    id: Number(row.id),
    table_name: row.table_name,
    row_id: Number(row.row_id),
    row: JSON.parse(String(row.row)) as unknown,
    deleted_at: row.deleted_at !== null && row.deleted_at !== undefined,
  }));
}

/** How many authors and books are left. */
export async function authorsAndBooksLeft(knex: Knex) {
  return {
    authors: Number((await knex('authors').count({ count: '*' }))[0]!.count),
    books: Number((await knex('books').count({ count: '*' }))[0]!.count),
  };
}
