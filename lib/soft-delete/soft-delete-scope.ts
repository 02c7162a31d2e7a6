import type { AnyQueryBuilder, Model, ModelClass } from 'objection';
import { softDeleteOf } from './soft-delete';

/** Which rows of a soft-deletable model a query reads: live ones unless it asks otherwise. */
export type DeletedRows = 'live' | 'withDeleted' | 'onlyDeleted';

// Kept in the query's context, which Objection carries into the queries a query issues (eager
// loading, joined relations, counts, a delete's find query), so that `withDeleted()` on a query
// also shows the soft-deleted rows of the relations it loads.
const DELETED_ROWS = Symbol('relational-layer.deletedRows');
const HARD_DELETE = Symbol('relational-layer.hardDelete');

interface DeletedRowsContext {
  [DELETED_ROWS]?: { rows: DeletedRows; modelClass: ModelClass<Model> };
  [HARD_DELETE]?: boolean;
}

function contextOf(builder: AnyQueryBuilder): DeletedRowsContext {
  return builder.context() as DeletedRowsContext;
}

/**
 * Makes `builder` read the rows `rows` names. `onlyDeleted` holds for the query's own model;
 * the relations it loads show every row, soft-deleted or not.
 */
export function readDeletedRows<B extends AnyQueryBuilder>(builder: B, rows: DeletedRows): B {
  return builder.context({ [DELETED_ROWS]: { rows, modelClass: builder.modelClass() } });
}

/** Which rows of its model `builder` reads (see `readDeletedRows`). */
export function deletedRowsOf(builder: AnyQueryBuilder): DeletedRows {
  const chosen = contextOf(builder)[DELETED_ROWS];
  if (!chosen) return 'live';
  if (chosen.rows === 'onlyDeleted' && chosen.modelClass !== builder.modelClass()) {
    return 'withDeleted';
  }
  return chosen.rows;
}

/** Marks the delete `builder` as one that removes rows even of a soft-deletable model. */
export function markHardDelete<B extends AnyQueryBuilder>(builder: B): B {
  return builder.context({ [HARD_DELETE]: true });
}

/** Whether the delete `builder` soft-deletes: its model is soft-deletable, and no hard delete was asked. */
export function isSoftDelete(builder: AnyQueryBuilder): boolean {
  return softDeleteOf(builder.modelClass()) !== undefined && !contextOf(builder)[HARD_DELETE];
}

// A graph upsert's own query is never executed (Objection refuses one with a where clause): the
// queries it issues carry the scope.
const GRAPH_UPSERT = /^upsertGraph/;

/** Adds the condition on the soft-delete column that the rows `builder` reads call for. */
function applyScope(builder: AnyQueryBuilder): void {
  const columns = softDeleteOf(builder.modelClass());
  if (!columns || builder.isInsert() || builder.has(GRAPH_UPSERT)) return;
  const column = `${builder.tableRefFor(builder.modelClass())}.${columns.column}`;
  const rows = deletedRowsOf(builder);
  if (rows === 'live') builder.whereNull(column);
  else if (rows === 'onlyDeleted') builder.whereNotNull(column);
}

/**
 * The default scope of a soft-deletable model, added to every query `Model.query()` makes for it
 * (and so to every query Objection makes for it: relation queries, eager loading, joins): the
 * soft-deleted rows are left out unless the query asks for them. The condition is added when
 * the query is built, so that `withDeleted()` may come anywhere in the chain.
 */
export function scopeSoftDeletes(builder: AnyQueryBuilder): void {
  if (softDeleteOf(builder.modelClass())) builder.onBuild(applyScope);
}
