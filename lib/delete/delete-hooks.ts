import type { Knex } from 'knex';
import type { Model, ModelClass } from 'objection';

/** One batch of rows a delete removes: the rows a query targets, or one level of a cascade. */
export interface DeletedBatch {
  modelClass: ModelClass<Model>;
  /** Every row of the batch, all columns, as read just before the delete. */
  rows: Model[];
  /**
   * The relations walked from the rows the query targets to these rows: `[]` for those rows,
   * `['posts']` for the posts a user's delete cascades to.
   */
  path: string[];
  /** The delete's transaction. Write through it: SQLite has a single connection. */
  transaction: Knex;
  /** When the delete started: the same for every batch of one delete. */
  deletedAt: Date;
}

/**
 * What a model runs when its rows are deleted, declared in its static `deleteHooks` list. The
 * layer calls each hook once per batch, so a hook sees every removed row exactly once, however
 * the row was reached (the query itself or a cascade), and can do its work set-based. Batches come
 * in the order their rows are deleted: the deepest cascade level first, the targeted rows last.
 * `before` runs once every restriction has been checked and before anything is written; throwing
 * from it cancels the whole delete. `after` runs once every row is gone, still in the transaction.
 *
 * @example
 * const logDeletes: DeleteHook = {
 *   after: ({ modelClass, rows }) => console.log(`${rows.length} ${modelClass.tableName} deleted`),
 * };
 * class Book extends BaseModel {
 *   static override deleteHooks = [logDeletes];
 * }
 */
export interface DeleteHook {
  before?(batch: DeletedBatch): void | Promise<void>;
  after?(batch: DeletedBatch): void | Promise<void>;
}

/** The delete hooks `modelClass` declares; plain Objection models declare none. */
export function deleteHooksOf(modelClass: ModelClass<Model>): readonly DeleteHook[] {
  return (modelClass as { deleteHooks?: readonly DeleteHook[] }).deleteHooks ?? [];
}

/** Runs the `phase` hook of every batch's model, batch after batch, in the given order. */
export async function runDeleteHooks(
  phase: keyof DeleteHook,
  batches: readonly DeletedBatch[],
): Promise<void> {
  for (const batch of batches) {
    if (batch.rows.length === 0) continue;
    for (const hook of deleteHooksOf(batch.modelClass)) await hook[phase]?.(batch);
  }
}
