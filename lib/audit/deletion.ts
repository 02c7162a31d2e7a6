import { BaseModel } from '../base-model';

/**
 * One row of the audit trail of deletions (`deletions`, created by the project's migrations):
 * which row of which table was deleted, when, and what it held.
 *
 * @example
 * const trail = await Deletion.query().where('table_name', 'books').orderBy('id');
 * trail[0]?.row.title // the deleted book's title
 */
export class Deletion extends BaseModel {
  static override tableName = 'deletions';
  static override hasTimestamps = false;
  static override jsonAttributes = ['row'];

  declare id: number;
  declare table_name: string;
  declare row_id: number;
  /** The deleted row as its model serialised it (`toJSON()`), read back as an object. */
  declare row: Record<string, unknown>;
  declare deleted_at: string;
  /** `soft` when the row was soft-deleted (kept), `hard` when it was removed. */
  declare kind: 'soft' | 'hard';
}
