import type { Knex } from 'knex';
import type { Model, ModelClass } from 'objection';

/** One batch of rows a delete removes: the rows a query targets, or one level of a cascade. */
export interface DeletedBatch {
  modelClass: ModelClass<Model>;
  /**
   * Every row of the batch, all columns, as read just before the delete (locked until the commit
   * on PostgreSQL), in id order. The layer reads them only for a model one of whose hooks reads
   * rows (see `DeleteHook.readsRows`); reading them otherwise throws.
   */
  readonly rows: Model[];
  /**
   * A new knex query over the batch's rows, `select * from <table> where <the batch>`, for a hook
   * that works on them in SQL instead of reading them: select from it, insert from it, use it as
   * a subquery. It finds the rows while they exist, in `before`. It takes no lock: add
   * `forUpdate()` where what it reads must hold until the commit.
   */
  rowsQuery(): Knex.QueryBuilder;
  /**
   * The relations walked from the rows the query targets to these rows: `[]` for those rows,
   * `['posts']` for the posts a user's delete cascades to.
   */
  path: string[];
  /** The delete's transaction. Write through it: SQLite has a single connection. */
  transaction: Knex;
  /** When the delete started: the same for every batch of one delete. */
  deletedAt: Date;
  /**
   * Whether these rows are soft-deleted (their model's `softDelete` columns set, the rows kept)
   * rather than removed: the same for every batch of one delete.
   */
  isSoft: boolean;
  /** The id a soft delete writes to every row it reaches; undefined for a hard delete. */
  deletionId: string | undefined;
}

/**
 * What a model runs when its rows are deleted, declared in its static `deleteHooks` list. The
 * layer calls each hook once per batch, so a hook sees every removed row exactly once, however
 * the row was reached (the query itself or a cascade), and can do its work set-based. Batches come
 * in the order their rows are deleted: the deepest cascade level first, the targeted rows last.
 * `before` runs once every restriction has been checked and before any row is deleted; throwing
 * from it cancels the whole delete. `after` runs once every row is gone, still in the transaction.
 *
 * A hook that reads `rows` gets them read for it, one SELECT per batch. A hook that declares
 * `readsRows: false` works in SQL through `rowsQuery()` instead, and the layer then walks a
 * cascade without reading its rows at all; it is called for every level the delete's policies
 * reach, even one that turns out to hold no rows.
 *
 * @example
 * const logDeletes: DeleteHook = {
 *   after: ({ modelClass, rows }) => console.log(`${rows.length} ${modelClass.tableName} deleted`),
 * };
 * const countDeletes: DeleteHook = {
 *   readsRows: false,
 *   before: async ({ rowsQuery }) => console.log(await rowsQuery().count({ n: '*' })),
 * };
 * class Book extends BaseModel {
 *   static override deleteHooks = [logDeletes, countDeletes];
 * }
 */
export interface DeleteHook {
  /** `false` when the hook never reads `batch.rows`; by default the layer reads them for it. */
  readsRows?: boolean;
  before?(batch: DeletedBatch): void | Promise<void>;
  after?(batch: DeletedBatch): void | Promise<void>;
}

/** The delete hooks `modelClass` declares; plain Objection models declare none. */
export function deleteHooksOf(modelClass: ModelClass<Model>): readonly DeleteHook[] {
  return (modelClass as { deleteHooks?: readonly DeleteHook[] }).deleteHooks ?? [];
}

/** Whether a hook of `modelClass` reads the rows of its batches. */
export function hooksReadRows(modelClass: ModelClass<Model>): boolean {
  return deleteHooksOf(modelClass).some((hook) => hook.readsRows !== false);
}

/** A batch of a delete's plan, as the hooks see it, and whether it is known to hold no rows. */
export interface HookedBatch extends DeletedBatch {
  readonly isKnownEmpty: boolean;
}

/** Runs the `phase` hook of every batch's model, batch after batch, in the given order. */
export async function runDeleteHooks(
  phase: 'before' | 'after',
  batches: readonly HookedBatch[],
): Promise<void> {
  for (const batch of batches) {
    if (batch.isKnownEmpty) continue;
    for (const hook of deleteHooksOf(batch.modelClass)) await hook[phase]?.(batch);
  }
}
