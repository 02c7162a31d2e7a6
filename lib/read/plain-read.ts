import { wrapError } from 'db-errors';
import { Model, type ModelClass, QueryBuilder } from 'objection';

// Any model's builder: only Objection's untyped internals are used.
export type Builder = QueryBuilder<Model, unknown>;

export function asBuilder(builder: object): Builder {
  return builder as Builder;
}

/** An operation as Objection 3.1.5 keeps it on a builder (its typings leave these out). */
export interface Operation {
  readonly name: string;
  hasOnBefore1(): boolean;
  hasOnBefore2(): boolean;
  hasOnBefore3(): boolean;
  hasOnRawResult(): boolean;
  hasOnAfter1(): boolean;
  hasOnAfter2(): boolean;
  hasOnAfter3(): boolean;
  hasQueryExecutor(): boolean;
  hasOnError(): boolean;
}

interface BuilderInternals {
  forEachOperation(selector: true, callback: (operation: Operation) => void): void;
  resultModelClass(): ModelClass<Model>;
  internalContext(): { runBefore: unknown[]; runAfter: unknown[] };
  context(): { runBefore?: unknown[]; runAfter?: unknown[] };
  readonly _explicitResolveValue: unknown;
  readonly _findOperationFactory: unknown;
  readonly _explicitRejectValue: unknown;
}

function internalsOf(builder: object): BuilderInternals {
  return builder as BuilderInternals;
}

// Relation queries (`$relatedQuery`) and instance queries (`$query()`) replace the factory of
// their find operation, which shapes the result (one row or undefined, the owner's property), and
// only add that operation when the query builds: a plain read keeps Objection's default factory.
const DEFAULT_FIND_FACTORY = internalsOf(QueryBuilder.forClass(Model))._findOperationFactory;

const isEmpty = (hooks: unknown[] | undefined) => !hooks || hooks.length === 0;

/** Whether running `operation` needs more of Objection's pipeline than building the SQL. */
function needsLifecycle(operation: Operation): boolean {
  if (operation.name === 'first') return false; // its only hook picks the first row, done below
  return (
    operation.hasOnBefore1() ||
    operation.hasOnBefore2() ||
    operation.hasOnBefore3() ||
    operation.hasOnRawResult() ||
    operation.hasOnAfter1() ||
    operation.hasOnAfter2() ||
    operation.hasOnAfter3() ||
    operation.hasQueryExecutor() ||
    operation.hasOnError()
  );
}

/** Whether reading rows of `modelClass` runs hooks of its own: `beforeFind`, `afterFind`, `$afterFind`. */
export function hasFindHooks(modelClass: ModelClass<Model>): boolean {
  return (
    modelClass.beforeFind !== Model.beforeFind ||
    modelClass.afterFind !== Model.afterFind ||
    modelClass.prototype.$afterFind !== Model.prototype.$afterFind
  );
}

/**
 * Whether `builder` is a read that needs nothing of Objection's execution pipeline but building
 * its SQL, running it and making models: a select with Objection's own find operation, no find
 * hooks on the model, no runBefore/runAfter/onError, no explicit result, and operations that
 * only build SQL (where, orderBy, limit, findById, first, …), apart from those `isHandled`
 * accepts because the caller does their work itself.
 */
export function isPlainRead(
  builder: Builder,
  isHandled: (operation: Operation) => boolean = () => false,
): boolean {
  if (!builder.isFind()) return false;
  const internals = internalsOf(builder);
  if (internals._findOperationFactory !== DEFAULT_FIND_FACTORY) return false;
  if (internals._explicitResolveValue !== null || internals._explicitRejectValue !== null) {
    return false;
  }
  const modelClass = builder.modelClass() as ModelClass<Model>;
  if (hasFindHooks(modelClass) || internals.resultModelClass() !== modelClass) return false;
  const context = internals.context();
  const internal = internals.internalContext();
  for (const hooks of [
    context.runBefore,
    context.runAfter,
    internal.runBefore,
    internal.runAfter,
  ]) {
    if (!isEmpty(hooks)) return false;
  }
  let isPlain = true;
  internals.forEachOperation(true, (operation) => {
    if (needsLifecycle(operation) && !isHandled(operation)) isPlain = false;
  });
  return isPlain;
}

// As Objection's execute does: database errors become db-errors classes.
function asDatabaseError(error: unknown): unknown {
  return error instanceof Error ? wrapError(error) : error;
}

/** Builds `builder`'s SQL as Objection does (build hooks included) and runs it: the raw rows. */
export async function runBuiltQuery(builder: Builder): Promise<unknown> {
  try {
    return await builder.toKnexQuery();
  } catch (error) {
    throw asDatabaseError(error);
  }
}

/** Runs a knex query the layer built itself, failing as Objection's execute would. */
export async function runKnexQuery(knexQuery: PromiseLike<unknown>): Promise<unknown> {
  try {
    return await knexQuery;
  } catch (error) {
    throw asDatabaseError(error);
  }
}

/**
 * Turns the rows of a read into models of `modelClass` in place, as Objection's execute does:
 * all of them, when the first is not a model already.
 */
export function toModels(rows: unknown, modelClass: ModelClass<Model>): void {
  if (!Array.isArray(rows) || rows.length === 0) return;
  const first: unknown = rows[0];
  if (typeof first !== 'object' || first === null || first instanceof modelClass) return;
  for (let i = 0; i < rows.length; i++) rows[i] = modelClass.fromDatabaseJson(rows[i]);
}
