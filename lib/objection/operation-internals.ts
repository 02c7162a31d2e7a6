import type { AnyQueryBuilder, Model, UpsertGraphOptions } from 'objection';
import * as objection from 'objection';

// The parts of Objection 3.1.5's query builder that the layer's fixes of Objection's bugs rely
// on and its typings leave out. Objection is pinned to exactly that version; this file is what
// an upgrade would have to re-check for them.

/** An operation of a query builder: `where`, `findById`, `delete`, … */
export interface BuilderOperation {
  readonly name: string;
  /** The operation that added this one while it built (a relation adds its owner condition so). */
  readonly parentOperation: BuilderOperation | null;
  /** The arguments the operation was called with, for operations that keep them. */
  readonly args?: unknown[];
}

type OperationSelector = (operation: BuilderOperation) => boolean;

interface BuilderInternals {
  forEachOperation(selector: true, callback: (operation: BuilderOperation) => void): void;
  clear(selector: OperationSelector): AnyQueryBuilder;
  copyFrom(builder: AnyQueryBuilder, selector: OperationSelector | true): AnyQueryBuilder;
  executeOnBuild(): void;
}

interface BuilderClassInternals {
  /** Objection's own test for the operations that filter rows (`where…`, `find…`). */
  readonly WhereSelector: RegExp;
  forClass(modelClass: ReturnType<AnyQueryBuilder['modelClass']>): AnyQueryBuilder;
}

function internals(builder: AnyQueryBuilder): BuilderInternals {
  return builder as unknown as BuilderInternals;
}

function classOf(builder: AnyQueryBuilder): BuilderClassInternals {
  return builder.constructor as unknown as BuilderClassInternals;
}

/**
 * The operations the query itself was given that filter its rows, as Objection recognises them
 * (`where`, `orWhere`, `whereIn`, `findById`, …), in the order they were added; not those an
 * operation adds as it builds.
 */
export function ownFilterOperations(builder: AnyQueryBuilder): BuilderOperation[] {
  const { WhereSelector } = classOf(builder);
  const filters: BuilderOperation[] = [];
  internals(builder).forEachOperation(true, (operation) => {
    if (operation.parentOperation === null && WhereSelector.test(operation.name)) {
      filters.push(operation);
    }
  });
  return filters;
}

/**
 * Moves `operations` of `builder` into one `where(…)` group, added last: the statement gets
 * `(…)` around their conditions, as if the query had been written with `where((q) => …)`.
 */
export function moveIntoWhereGroup(
  builder: AnyQueryBuilder,
  operations: readonly BuilderOperation[],
  markGroup: (group: (query: AnyQueryBuilder) => void) => void,
): void {
  const moved = new Set(operations);
  const isMoved = (operation: BuilderOperation) => moved.has(operation);
  const holder = classOf(builder).forClass(builder.modelClass());
  internals(holder).copyFrom(builder, isMoved);
  internals(builder).clear(isMoved);
  const group = (query: AnyQueryBuilder) => {
    internals(query).copyFrom(holder, true);
  };
  markGroup(group);
  builder.where(group);
}

/**
 * Lets every operation of `builder` add its clauses, as Objection does once a query's
 * operations are in place (its typings leave this method out).
 */
export function objectionExecuteOnBuild(builder: AnyQueryBuilder): void {
  const objectionBuilder = objection.QueryBuilder.prototype as unknown as BuilderInternals;
  objectionBuilder.executeOnBuild.call(builder);
}

/** An operation that runs through a relation, for the owners it was made for. */
export interface RelationOperation {
  readonly name: string;
  /** Objection's wrapper of the owners: `owner` is what `for()` was given when it was made. */
  readonly owner: { readonly owner: unknown };
}

interface RelatedQueryInternals {
  /** Without an argument, the owners `for()` was given (its typings only know the setter). */
  for(): unknown;
  /** Makes the find operation of a query; `relatedQuery()` replaces it by a relation's. */
  _findOperationFactory(builder: AnyQueryBuilder): { relation?: unknown };
  findOperation(
    selector: (operation: Partial<RelationOperation> & { relation?: unknown }) => boolean,
  ): RelationOperation | null;
}

function relatedQueryInternals(builder: AnyQueryBuilder): RelatedQueryInternals {
  return builder as unknown as RelatedQueryInternals;
}

/**
 * Whether `builder` was made by `relatedQuery()` or `$relatedQuery()`, the queries that
 * `for()` gives owners to. Asks the query's find-operation factory, which such a query replaces
 * by one that goes through the relation; making an operation changes nothing on the builder.
 */
export function isRelatedQuery(builder: AnyQueryBuilder): boolean {
  return relatedQueryInternals(builder)._findOperationFactory(builder).relation !== undefined;
}

/** What `for()` was last given on `builder`, if anything. */
export function ownersGivenToFor(builder: AnyQueryBuilder): unknown {
  return relatedQueryInternals(builder).for();
}

/** The write `builder` runs through its relation (`delete`, `patch`, `insert`, …), if any yet. */
export function relationWriteOf(builder: AnyQueryBuilder): RelationOperation | undefined {
  const operation = relatedQueryInternals(builder).findOperation(
    (candidate) => candidate.relation !== undefined && candidate.owner !== undefined,
  );
  return operation ?? undefined;
}

/** What Objection's operation base class offers the operations the layer adds to a query. */
export interface LayerOperation {
  readonly name: string;
  /** The options the operation was made with; a clone is made with the same. */
  readonly opt: Record<string, unknown>;
}

/**
 * Objection's base class of query operations (exported, not in its typings): an operation gets
 * the query's hooks it defines, `onBuildKnex`, `onRawResult`, `onAfter1`, `onAfter2`, … in the
 * order of the query's operations.
 */
export const ObjectionOperation = (
  objection as unknown as {
    QueryBuilderOperation: new (name: string, opt?: Record<string, unknown>) => LayerOperation;
  }
).QueryBuilderOperation;

/** Adds `operation` to `builder`, last, as Objection adds its own. */
export function addOperation(builder: AnyQueryBuilder, operation: LayerOperation): void {
  (builder as unknown as { addOperation(op: LayerOperation, args: unknown[]): void }).addOperation(
    operation,
    [],
  );
}

/** The `insert()` of a query: its models, and whether it was given an array. */
export interface InsertOfModels {
  readonly models: Model[];
  readonly isArray: boolean;
}

interface InsertOperationInternals {
  readonly name: string;
  readonly models?: Model[];
  readonly isArray?: boolean;
  /** `insertAndFetch` hands every hook to the `insert` it wraps. */
  readonly delegate?: InsertOperationInternals;
}

interface InsertBuilderInternals {
  findOperation(name: RegExp): InsertOperationInternals | null;
  replaceOperation(operation: InsertOperationInternals, by: InsertOperationInternals): void;
}

function insertOperationOf(builder: AnyQueryBuilder): InsertOperationInternals | undefined {
  const internals = builder as unknown as InsertBuilderInternals;
  return internals.findOperation(/^(insert|insertAndFetch)$/) ?? undefined;
}

/** The `insert()` / `insertAndFetch()` of `builder`, if it is one (not a graph insert). */
export function insertOf(builder: AnyQueryBuilder): InsertOfModels | undefined {
  const operation = insertOperationOf(builder);
  const insert = operation?.delegate ?? operation;
  if (!insert?.models) return undefined;
  return { models: insert.models, isArray: insert.isArray === true };
}

/**
 * Turns an `insertAndFetch()` of `builder` into the plain `insert()` it wraps, whose hooks it
 * runs: what is left of it is the fetch, for the caller to do. Whether it was one.
 */
export function unwrapInsertAndFetch(builder: AnyQueryBuilder): boolean {
  const operation = insertOperationOf(builder);
  if (operation?.name !== 'insertAndFetch' || !operation.delegate) return false;
  (builder as unknown as InsertBuilderInternals).replaceOperation(operation, operation.delegate);
  return true;
}

/** The arguments `builder`'s last call of the operation `name` was given, if it has one. */
export function argumentsOf(builder: AnyQueryBuilder, name: string): unknown[] | undefined {
  const operation = (
    builder as unknown as { findLastOperation(name: string): { args?: unknown[] } | null }
  ).findLastOperation(name);
  return operation ? (operation.args ?? []) : undefined;
}

/** What Objection's graph insert and upsert keep of their input: models, and their options. */
export interface GraphWrite {
  /** The input graph's roots, as models (not validated yet). */
  readonly objects: Model[];
  upsertOpt: UpsertGraphOptions;
}

interface GraphWriteOperation {
  readonly upsert?: GraphWrite | null;
  /** The `…AndFetch` forms hand every hook to the write they wrap. */
  readonly delegate?: GraphWriteOperation;
}

/**
 * The graph write of an `insertGraph`, `upsertGraph` or their `…AndFetch` builder, if it is
 * one: Objection reads its options and models when the write runs, after the query's
 * before-hooks.
 */
export function graphWriteOf(builder: AnyQueryBuilder): GraphWrite | undefined {
  const operation = (
    builder as unknown as { findOperation(name: RegExp): GraphWriteOperation | null }
  ).findOperation(/^(insert|upsert)Graph(AndFetch)?$/);
  return (operation?.delegate?.upsert ?? operation?.upsert) || undefined;
}
