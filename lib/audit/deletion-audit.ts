import { insertRows } from '../database/insert-rows';
import type { DeleteHook } from '../delete/delete-hooks';
import { Deletion } from './deletion';

/**
 * A delete hook that records every deleted row in the audit trail (`Deletion`), in the delete's
 * transaction: one multi-row insert per batch (per cascade level), split only past the
 * database's bound-parameter limit. If the delete fails, its audit rows go with it.
 *
 * @example
 * class Book extends BaseModel {
 *   static override deleteHooks = [auditDeletions];
 * }
 */
export const auditDeletions: DeleteHook = {
  async after({ modelClass, rows, transaction, deletedAt }) {
    await insertRows(
      transaction,
      Deletion.tableName,
      rows.map((row) => ({
        table_name: modelClass.tableName,
        row_id: Number(row.$id()),
        row: JSON.stringify(row.toJSON()),
        deleted_at: deletedAt.toISOString(),
      })),
    );
  },
};
