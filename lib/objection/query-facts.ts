import { type AnyQueryBuilder, Model, type ModelClass, QueryBuilder } from 'objection';
import { tableNameOf } from './query-internals';

/** Any model's builder, as the fast paths take it. */
export type Builder = QueryBuilder<Model, unknown>;

/** An operation of a query (`where`, `findById`, `withGraphFetched`, …) as the layer sees it. */
export interface OperationFacts {
  readonly name: string;
  /**
   * Whether running it needs more of Objection's pipeline than building its SQL: a before,
   * raw-result or after hook of its own, a query executor, or an error hook.
   */
  readonly hasLifecycleHooks: boolean;
  /** The operation itself, to compare with one found otherwise (`fetchedGraphOf`). */
  readonly operation: object;
}

/** What the layer needs to know of a query builder to decide whether a fast path may run it. */
export interface QueryFacts {
  readonly modelClass: ModelClass<Model>;
  /** Whether it is a read (no insert, update, patch, delete). */
  readonly isFind: boolean;
  /**
   * Whether its find operation is Objection's own: relation queries (`$relatedQuery`,
   * `relatedQuery`) and instance queries (`$query()`) replace it by one that shapes the result.
   */
  readonly hasPlainFindOperation: boolean;
  /** Whether `resolve()`/`reject()` gave it a result instead of the database. */
  readonly hasExplicitResult: boolean;
  /** The class its rows become, which `castTo` may change. */
  readonly resultClass: ModelClass<Model>;
  /** Whether `runBefore`/`runAfter` callbacks are attached, by the caller or by Objection. */
  readonly hasRunHooks: boolean;
  /** Whether `onBuild` callbacks are attached (its context's, `debug`'s, …) or a `withSchema`. */
  readonly hasBuildHooks: boolean;
  /** Whether the model's table is aliased or renamed in it (`alias`, `aliasFor`, `withSchema`). */
  readonly isTableRenamed: boolean;
  /** Its operations, in the order they were added. */
  readonly operations: readonly OperationFacts[];
  /** The id of a query that is exactly `query().findById(id)` (a number or text), else undefined. */
  readonly findByIdOnly: string | number | undefined;
}

// Objection 3.1.5's operation and builder members its typings leave out.
interface OperationInternals {
  readonly name: string;
  /** `findById` keeps its id. */
  readonly id?: unknown;
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
  forEachOperation(selector: true, callback: (operation: OperationInternals) => void): void;
  resultModelClass(): ModelClass<Model>;
  internalContext(): { runBefore: unknown[]; runAfter: unknown[]; onBuild: unknown[] };
  context(): { runBefore?: unknown[]; runAfter?: unknown[]; onBuild?: unknown };
  internalOptions(): { schema?: unknown };
  tableNameFor(modelClass: ModelClass<Model>): string;
  tableRefFor(modelClass: ModelClass<Model>): string;
  readonly _explicitResolveValue: unknown;
  readonly _explicitRejectValue: unknown;
  readonly _findOperationFactory: unknown;
}

function internalsOf(builder: object): BuilderInternals {
  return builder as BuilderInternals;
}

function operationsOf(builder: object): OperationInternals[] {
  const operations: OperationInternals[] = [];
  internalsOf(builder).forEachOperation(true, (operation) => operations.push(operation));
  return operations;
}

// A plain read keeps the factory of find operations every builder starts with.
const DEFAULT_FIND_FACTORY = internalsOf(QueryBuilder.forClass(Model))._findOperationFactory;

// The classes of the two operations `query().findById(id)` leaves on a builder: `findById`, then
// the `first` it adds. Read from a builder, as Objection does not export them.
const [FIND_BY_ID, FIRST] = operationsOf(QueryBuilder.forClass(Model).findById(0)).map(
  (operation) => operation.constructor,
);

function hasLifecycleHooks(operation: OperationInternals): boolean {
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

const isEmpty = (hooks: unknown) => !hooks || (Array.isArray(hooks) && hooks.length === 0);

function findByIdOnlyOf(operations: readonly OperationInternals[]): string | number | undefined {
  const [findById, first] = operations;
  if (operations.length !== 2 || !findById || findById.constructor !== FIND_BY_ID) {
    return undefined;
  }
  if (first?.constructor !== FIRST) return undefined;
  const { id } = findById;
  return typeof id === 'number' || typeof id === 'string' ? id : undefined;
}

/**
 * What `builder` is, read from Objection's operations and context as they are now: a builder
 * changes with every chained call, so the facts are read when the query is about to run, not
 * kept.
 *
 * @example
 * queryFacts(Product.query().findById(7)).findByIdOnly // 7
 * queryFacts(shop.$relatedQuery('products')).hasPlainFindOperation // false
 */
export function queryFacts(builder: AnyQueryBuilder | object): QueryFacts {
  const typed = builder as Builder;
  const internals = internalsOf(builder);
  const modelClass = typed.modelClass() as ModelClass<Model>;
  const operations = operationsOf(builder);
  const context = internals.context();
  const internal = internals.internalContext();
  const table = tableNameOf(modelClass);
  return {
    modelClass,
    isFind: typed.isFind(),
    hasPlainFindOperation: internals._findOperationFactory === DEFAULT_FIND_FACTORY,
    hasExplicitResult:
      internals._explicitResolveValue !== null || internals._explicitRejectValue !== null,
    resultClass: internals.resultModelClass(),
    hasRunHooks: [context.runBefore, context.runAfter, internal.runBefore, internal.runAfter].some(
      (hooks) => !isEmpty(hooks),
    ),
    hasBuildHooks:
      !isEmpty(context.onBuild) ||
      !isEmpty(internal.onBuild) ||
      internals.internalOptions().schema !== undefined,
    isTableRenamed:
      internals.tableNameFor(modelClass) !== table || internals.tableRefFor(modelClass) !== table,
    operations: operations.map((operation) => ({
      name: operation.name,
      hasLifecycleHooks: hasLifecycleHooks(operation),
      operation,
    })),
    findByIdOnly: findByIdOnlyOf(operations),
  };
}
