import type { Model, ModelClass } from 'objection';

/**
 * The columns a soft-deletable model's table keeps its deletions in, declared as the model's
 * static `softDelete`. Both are nullable and NULL on a live row; a soft delete writes both on
 * every row it reaches, cascades included.
 */
export interface SoftDeleteColumns {
  /** When the row was soft-deleted (a timestamp column), e.g. `deleted_at`. */
  column: string;
  /**
   * Which soft delete reached the row: one id per delete, written to every row it soft-deleted,
   * so that a restore gives back exactly those rows (a string column of at least 36 characters).
   */
  deletionColumn: string;
}

/**
 * The soft-delete columns `modelClass` declares, or undefined for a model whose deletes remove
 * rows.
 *
 * @example
 * softDeleteOf(Customer) // { column: 'deleted_at', deletionColumn: 'deletion_id' }
 */
export function softDeleteOf(
  modelClass: ModelClass<Model> | typeof Model,
): SoftDeleteColumns | undefined {
  return (modelClass as { softDelete?: SoftDeleteColumns }).softDelete;
}
