import { wrapError } from 'db-errors';
import { Model, type ModelClass, QueryBuilder } from 'objection';

// Any model's builder: only Objection's untyped internals are used.
type Builder = QueryBuilder<Model, unknown>;

function asBuilder(builder: object): Builder {
  return builder as Builder;
}

/** An operation as Objection 3.1.5 keeps it on a builder (its typings leave these out). */
interface Operation {
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
  internalContext(): { runBefore: unknown[]; runAfter: unknown[]; onBuild: unknown[] };
  context(): { runBefore?: unknown[]; runAfter?: unknown[]; onBuild?: unknown[] };
  readonly _explicitResolveValue: unknown;
  readonly _findOperationFactory: unknown;
  readonly _explicitRejectValue: unknown;
}

// Relation queries (`$relatedQuery`) and instance queries (`$query()`) replace the factory of
// their find operation, which shapes the result (one row or undefined, the owner's property), and
// only add that operation when the query builds: a plain read keeps Objection's default factory.
const DEFAULT_FIND_FACTORY = (QueryBuilder.forClass(Model) as unknown as BuilderInternals)
  ._findOperationFactory;

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

function hasFindHooks(modelClass: ModelClass<Model>): boolean {
  return (
    modelClass.beforeFind !== Model.beforeFind ||
    modelClass.afterFind !== Model.afterFind ||
    modelClass.prototype.$afterFind !== Model.prototype.$afterFind
  );
}

/**
 * Whether `builder` is a plain read: a select whose operations only build SQL (where, orderBy,
 * limit, findById, first, …), with no find hooks on the model, no eager loading, no
 * runBefore/runAfter/onError and no relation query. Objection then runs nothing but building the
 * query, running it and making models, which `runPlainFind` does without its pipeline.
 *
 * @example
 * isPlainFind(Product.query().findById(7)) // true
 * isPlainFind(Shop.query().withGraphFetched('products')) // false
 */
export function isPlainFind(query: object): boolean {
  const builder = asBuilder(query);
  if (!builder.isFind()) return false;
  const internals = builder as unknown as BuilderInternals;
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
    if (needsLifecycle(operation)) isPlain = false;
  });
  return isPlain;
}

/**
 * Runs a plain read (see `isPlainFind`): the SQL Objection builds, and models made from the rows
 * as Objection makes them. Objection's pipeline around it (a dozen promise hops, find-hook
 * arguments, after-find calls on every model) costs as much as knex itself for one-row reads.
 *
 * @example
 * if (isPlainFind(builder)) return runPlainFind(builder); // Product.query().findById(7)
 */
export async function runPlainFind(query: object): Promise<unknown> {
  const builder = asBuilder(query);
  const modelClass = builder.modelClass() as ModelClass<Model>;
  let rows: unknown;
  try {
    rows = await builder.toKnexQuery();
  } catch (error) {
    // As Objection does: database errors become db-errors classes.
    throw error instanceof Error ? wrapError(error) : error;
  }
  let result = rows;
  if (Array.isArray(rows)) {
    for (let i = 0; i < rows.length; i++) {
      const row: unknown = rows[i];
      if (typeof row === 'object' && row !== null && !(row instanceof modelClass)) {
        rows[i] = modelClass.fromDatabaseJson(row);
      }
    }
    if (builder.has('first')) result = rows[0];
  }
  return result;
}
