import type { AnyQueryBuilder, Model } from 'objection';
import { groupWideningFilters } from './fixes/owner-condition';
import { argumentsOf } from './operation-internals';

// The parts of Objection 3.1.5's update operations that the layer's version check reads, which
// its typings leave out: the model an update writes (`patch(body)` makes one of its body), the
// instance of `instance.$query().patch()`, and the id of `patchAndFetchById`.

interface UpdateOperationInternals {
  readonly name: string;
  /** The model whose database JSON the statement sets: the body, or the instance itself. */
  readonly model?: Model | null;
  /** The row an instance query updates. */
  readonly instance?: Model;
  /** The id `patchAndFetchById`/`updateAndFetchById` was given. */
  readonly id?: unknown;
  /** `patchAndFetch…` hands every hook to the `patch` it wraps. */
  readonly delegate?: UpdateOperationInternals;
}

interface UpdateBuilderInternals {
  findOperation(name: RegExp): UpdateOperationInternals | null;
  toFindQuery(): AnyQueryBuilder;
}

const UPDATES = /^(patch|update|patchAndFetch|updateAndFetch)$/;

/** The `patch()`/`update()` (…`AndFetch`, …`ById`) a query runs: what it writes, and where. */
export interface PendingUpdate {
  /** The model the statement's SET is made from; its properties may still be changed. */
  readonly model: Model;
  /** The instance of `instance.$query().patch(…)`, whose values were read from the row. */
  readonly instance: Model | undefined;
  /** The one row's id, when the query names one (instance, `findById`, `…AndFetchById`). */
  readonly id: unknown;
}

/** The update `builder` runs, if it is one and Objection has made its model already. */
export function pendingUpdateOf(builder: AnyQueryBuilder): PendingUpdate | undefined {
  const operation = (builder as unknown as UpdateBuilderInternals).findOperation(UPDATES);
  const update = operation?.delegate ?? operation;
  if (!operation || !update?.model) return undefined;
  const instance = update.instance;
  const id = instance ? instance.$id() : (operation.id ?? argumentsOf(builder, 'findById')?.[0]);
  return { model: update.model, instance, id };
}

/**
 * A read of the rows `builder` would update, made before anything else is added to it:
 * Objection's `toFindQuery()`, which turns the update into the find it implies (an instance's
 * id, `…AndFetchById`'s id) and keeps every filter.
 */
export function rowsToUpdateQuery(builder: AnyQueryBuilder): AnyQueryBuilder {
  return (builder as unknown as UpdateBuilderInternals).toFindQuery();
}

/**
 * Adds `column = value` to `builder` so that it narrows every row the query names: the query's
 * filters go into one group first when one of them could widen it (`or…`, raw SQL).
 *
 * @example
 * narrowTo(Product.query().where('a', 1).orWhere('b', 2).patch(body), 'products.version', 3);
 * // … where (a = 1 or b = 2) and products.version = 3
 */
export function narrowTo(builder: AnyQueryBuilder, column: string, value: unknown): void {
  groupWideningFilters(builder);
  builder.where(column, value as never);
}
