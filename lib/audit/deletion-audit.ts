import type { Knex } from 'knex';
import { insertRows } from '../database/insert-rows';
import type { DeletedBatch, DeleteHook } from '../delete/delete-hooks';
import { deletedIdColumnOf } from '../delete/relation-keys';
import { Deletion } from './deletion';
import { rowJsonSqlOf } from './row-json';
import { tableNameOf } from '../objection/query-internals';
import { readDeletedRows } from '../soft-delete/soft-delete-scope';

const COLUMNS = ['table_name', 'row_id', 'row', 'deleted_at', 'kind'] as const;

function kindOf(batch: DeletedBatch): 'soft' | 'hard' {
  return batch.isSoft ? 'soft' : 'hard';
}

/**
 * The batch's rows as the model serialises them, read in JavaScript: for models whose JSON the
 * database cannot build (see `rowJsonSqlOf`). One read and one multi-row insert per batch.
 */
async function auditInJavaScript(batch: DeletedBatch) {
  const { modelClass, transaction, deletedAt, rowsQuery } = batch;
  const table = tableNameOf(modelClass);
  const id = `${table}.${deletedIdColumnOf(modelClass)}`;
  // The batch's rows, soft-deleted ones included: a hard delete may remove those too.
  const rows = await readDeletedRows(modelClass.query(transaction), 'withDeleted')
    .where(transaction.raw('?? in ?', [id, rowsQuery().select(id)]))
    .orderBy(id)
    .forUpdate();
  await insertRows(
    transaction,
    tableNameOf(Deletion),
    rows.map((row) => ({
      table_name: table,
      row_id: Number(row.$id()),
      row: JSON.stringify(row.toJSON()),
      deleted_at: deletedAt.toISOString(),
      kind: kindOf(batch),
    })),
  );
}

/** `insert into deletions (…) select …, <the row's JSON>, … from <the batch>`: one statement. */
function auditInSql(batch: DeletedBatch, rowJson: Knex.Raw) {
  const { modelClass, transaction, deletedAt } = batch;
  const table = tableNameOf(modelClass);
  const id = `${table}.${deletedIdColumnOf(modelClass)}`;
  const audited = batch
    .rowsQuery()
    .select(
      transaction.raw('? as table_name', [table]),
      `${id} as row_id`,
      rowJson.wrap('', ' as row'),
      transaction.raw('? as deleted_at', [deletedAt.toISOString()]),
      transaction.raw('? as kind', [kindOf(batch)]),
    )
    .orderBy(id)
    // The audit must describe the rows deleted: locked now, they cannot change or go before.
    .forUpdate();
  const target = transaction.raw(`?? (${COLUMNS.map(() => '??').join(', ')})`, [
    tableNameOf(Deletion),
    ...COLUMNS,
  ]);
  return transaction.insert(audited).into(target);
}

/**
 * A delete hook that records every deleted row in the audit trail (`Deletion`), in the delete's
 * transaction, before the rows go: the table, the id, the row as its model serialises it
 * (`toJSON()`), when, and whether the delete was `soft` (the row kept, its soft-delete columns
 * set) or `hard`. It works set-based, without reading the rows: one
 * `INSERT INTO deletions … SELECT` per batch (per cascade level), the JSON built by the database
 * (`Dialect.rowJson`). A model whose JSON the database cannot build (one that shapes its own
 * JSON, or a column type with no exact SQL) is read and serialised in JavaScript instead. If the
 * delete fails, its audit rows go with it.
 *
 * @example
 * class Book extends BaseModel {
 *   static override deleteHooks = [auditDeletions];
 * }
 */
export const auditDeletions: DeleteHook = {
  readsRows: false,
  async before(batch) {
    const rowJson = await rowJsonSqlOf(batch.modelClass, batch.transaction);
    if (!rowJson) return auditInJavaScript(batch);
    await auditInSql(batch, batch.transaction.raw(rowJson.sql, [...rowJson.bindings]));
  },
};
