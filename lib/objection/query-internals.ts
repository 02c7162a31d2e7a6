import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass, QueryBuilder, Relation } from 'objection';
import * as objection from 'objection';

/**
 * The few members of Objection 3.1.5's query builder the layer relies on that its typings leave
 * out. Objection is pinned to exactly that version, so they cannot move under us; keeping them in
 * this one file shows exactly what an upgrade would have to re-check.
 */
interface QueryBuilderInternals {
  /** A find query for the rows a write query targets (Objection's static hooks use it). */
  toFindQuery(): QueryBuilder<Model, Model[]>;
  /** The builder that issued this one with `childQueryOf` (graph writes do), if any. */
  parentQuery(): AnyQueryBuilder | null;
  /** Skips the database round trip and resolves the query with `value`; hooks still run. */
  resolve(value: unknown): unknown;
  findOperation(selector: (operation: { relation?: Relation; name?: string }) => boolean): {
    relation?: Relation;
    getKnexArgs?(builder: AnyQueryBuilder): unknown[];
  } | null;
  forEachOperation(selector: boolean, callback: (operation: WriteOperation) => void): void;
  internalContext(): { runBefore: Array<(result: unknown, builder: unknown) => unknown> };
  allowedGraphExpression(): ParsedRelationExpression | null;
  childQueryOf(parent: AnyQueryBuilder, options?: ChildQueryOptions): AnyQueryBuilder;
  executeOnBuildKnex(knexBuilder: Knex.QueryBuilder): Knex.QueryBuilder;
  _explicitResolveValue: unknown;
  _explicitRejectValue: unknown;
}

/** A parsed relation expression such as `[products, orders.products]`. */
export interface ParsedRelationExpression {
  /** Whether `expression` only names relations this one names. */
  isSubExpression(expression: ParsedRelationExpression): boolean;
  toString(): string;
}

interface RelationExpressionClass {
  create(expression: string): ParsedRelationExpression;
}

/** What Objection's write operations hold: an insert's models (a graph's roots), an update's. */
interface WriteOperation {
  readonly models?: unknown;
  readonly model?: unknown;
}

function internals(builder: AnyQueryBuilder): QueryBuilderInternals {
  return builder as unknown as QueryBuilderInternals;
}

/** A find query selecting the rows the write query `builder` targets. */
export function toFindQuery(builder: AnyQueryBuilder): QueryBuilder<Model, Model[]> {
  return internals(builder).toFindQuery();
}

/**
 * The models a write query carries, as Objection built them from its input: the roots of an
 * `insertGraph`/`upsertGraph`, the rows of an `insert`, the model of an `update`/`patch`.
 */
export function writtenModelsOf(builder: AnyQueryBuilder): Model[] {
  const models: Model[] = [];
  internals(builder).forEachOperation(true, (operation) => {
    if (Array.isArray(operation.models)) models.push(...(operation.models as Model[]));
    else if (operation.model instanceof objection.Model) models.push(operation.model);
  });
  return models;
}

/** How `childQueryOf` ties a query to the one that issues it. */
export interface ChildQueryOptions {
  /** Copy the parent's context instead of sharing it. */
  fork?: boolean;
  /** Skip the parent's `runBefore`/`runAfter` style user hooks, as Objection's own reads do. */
  isInternalQuery?: boolean;
}

/**
 * Makes `query` a child of `parent`, as Objection's graph writes do for the queries they issue:
 * same transaction and context, and `parentQueryOf(query)` is `parent`.
 */
export function asChildQueryOf<B extends AnyQueryBuilder>(
  query: B,
  parent: AnyQueryBuilder,
  options?: ChildQueryOptions,
): B {
  return internals(query).childQueryOf(parent, options) as B;
}

/** The builder that issued `builder` as a child query (a graph write issues its deletes so). */
export function parentQueryOf(builder: AnyQueryBuilder): AnyQueryBuilder | undefined {
  return internals(builder).parentQuery() ?? undefined;
}

/** The relation a `$relatedQuery`/`relatedQuery` builder goes through, if it does. */
export function relationOf(builder: AnyQueryBuilder): Relation | undefined {
  return internals(builder).findOperation((operation) => !!operation.relation)?.relation;
}

/**
 * Runs `step` with the executing builder after Objection's before-hooks (static `beforeDelete`,
 * instance `$beforeDelete`) and before the query is built, then resolves the query with what
 * `step` returns instead of sending it: the after-hooks and `runAfter` callbacks see that value.
 * A before-hook that cancelled the query (`cancelQuery()`) cancels `step` too.
 */
export function replaceExecution(
  builder: AnyQueryBuilder,
  step: (executing: AnyQueryBuilder) => Promise<unknown>,
): void {
  internals(builder)
    .internalContext()
    .runBefore.push(async (_result, executing) => {
      const target = internals(executing as AnyQueryBuilder);
      if (target._explicitResolveValue !== null || target._explicitRejectValue !== null) return;
      target.resolve(await step(executing as AnyQueryBuilder));
    });
}

/** The columns a write query's `returning(…)` names (`['*']` for all), as knex gets them. */
export function returningColumnsOf(builder: AnyQueryBuilder): string[] {
  const returning = internals(builder).findOperation(({ name }) => name === 'returning');
  return (returning?.getKnexArgs?.(builder).flat() ?? []).map(String);
}

/** The relations `allowGraph` lets this graph write touch, if it was called. */
export function allowedGraphOf(builder: AnyQueryBuilder): ParsedRelationExpression | null {
  return internals(builder).allowedGraphExpression();
}

/** Parses a relation expression as Objection does (exported at runtime, not in its typings). */
export function parseRelationExpression(expression: string): ParsedRelationExpression {
  const { RelationExpression } = objection as unknown as {
    RelationExpression: RelationExpressionClass;
  };
  return RelationExpression.create(expression);
}

/** Objection's own readers of a model's table and id, which its typings leave out. */
interface ModelNameInternals {
  getTableName(): string;
  getIdColumn(): string | string[];
}

/**
 * The table of `modelClass` as Objection reads it: `tableName` may be a property, a getter or a
 * static method (`static tableName() { return 'shops'; }`), so it is never read directly.
 *
 * @example
 * tableNameOf(Shop) // 'shops'
 */
export function tableNameOf(modelClass: ModelClass<Model> | typeof Model): string {
  return (modelClass as unknown as ModelNameInternals).getTableName();
}

/**
 * The id column (or columns, for a composite id) of `modelClass` as Objection reads it: like
 * `tableName`, `idColumn` may be a property, a getter or a static method.
 *
 * @example
 * idColumnOf(Shop) // 'id'
 */
export function idColumnOf(modelClass: ModelClass<Model> | typeof Model): string | string[] {
  return (modelClass as unknown as ModelNameInternals).getIdColumn();
}

interface ConcurrencyInternals {
  getConcurrency(knex?: Knex): number;
}

/** Objection's own `getConcurrency` (a model's `concurrency`, else 4), before any override. */
export function objectionConcurrencyOf(
  modelClass: ModelClass<Model> | typeof Model,
  knex?: Knex,
): number {
  const model = objection.Model as unknown as ConcurrencyInternals;
  return model.getConcurrency.call(modelClass, knex);
}

/** What Objection's model class computes (and caches) about a model's JSON; not in its typings. */
interface ModelJsonInternals {
  /** The column-name mappers (`snakeCaseMappers()`…), or null. */
  getColumnNameMappers(): unknown;
  getVirtualAttributes(): string[];
  /** `jsonAttributes`, or the object and array properties of the JSON schema when unset. */
  getJsonAttributes(): string[];
}

/**
 * Whether Objection reshapes a row of `modelClass` on its way to `toJSON()`: column names
 * mapped, virtual attributes added, or JSON attributes parsed from text.
 */
export function reshapesRowJson(modelClass: ModelClass<Model>): boolean {
  const model = modelClass as unknown as ModelJsonInternals;
  return (
    !!model.getColumnNameMappers() ||
    model.getVirtualAttributes().length > 0 ||
    model.getJsonAttributes().length > 0
  );
}

/**
 * Runs the `onBuildKnex` operations of `builder` on `knexBuilder`, as Objection does for every
 * knex query it builds (`toKnexQuery`, execution, subqueries), and returns the knex builder.
 */
export function objectionExecuteOnBuildKnex(
  builder: AnyQueryBuilder,
  knexBuilder: Knex.QueryBuilder,
): Knex.QueryBuilder {
  const objectionBuilder = objection.QueryBuilder.prototype as unknown as QueryBuilderInternals;
  return objectionBuilder.executeOnBuildKnex.call(builder, knexBuilder);
}

// Objection's upsert refuses a node with an id that is not a child of its parent with a
// NotFoundError whose message names the parent's id and whose data holds the node's data path.
const NOT_A_CHILD = /^model \(id=.*\) is not a child of model \(id=(.*)\)\. /;

/** What Objection's upsert says of a node it refuses as "not a child" of its parent. */
export interface NotAChildRefusal {
  /** Objection's data path of the node: relation names, and indexes in to-many relations. */
  dataPath: Array<string | number>;
  /** The parent's id, as Objection prints it (`String($id())`). */
  parentId: string;
}

/**
 * The node Objection's upsert refused as not a child of its parent, or undefined when `error`
 * is not that refusal.
 *
 * @example
 * notAChildRefusalOf(error) // { dataPath: ['products', 1], parentId: '1' }
 */
export function notAChildRefusalOf(error: unknown): NotAChildRefusal | undefined {
  if (!(error instanceof objection.NotFoundError)) return undefined;
  const dataPath = (error.data as { dataPath?: unknown } | undefined)?.dataPath;
  const parentId = NOT_A_CHILD.exec(error.message)?.[1];
  if (!Array.isArray(dataPath) || dataPath.length === 0 || parentId === undefined) return undefined;
  return { dataPath: dataPath as Array<string | number>, parentId };
}

// Where Objection 3.1.5 caches a model's resolved `relationMappings` (its `cachedGet`), on the
// class itself, the first time anything reads its relations.
const RESOLVED_RELATION_MAPPINGS = '$$relationMappings';

/**
 * Whether Objection has read `modelClass`'s `relationMappings` already (a query, a relation
 * lookup, an instance did): relations added later would not be seen.
 */
export function hasResolvedRelations(modelClass: typeof Model): boolean {
  return Object.hasOwn(modelClass, RESOLVED_RELATION_MAPPINGS);
}
