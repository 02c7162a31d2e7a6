import type { Knex } from 'knex';
import {
  Model,
  type ModelClass,
  QueryBuilder,
  type Relation,
  type RelationProperty,
} from 'objection';
import type { Builder } from './query-facts';

/** An operation of a builder, by name. */
interface Operation {
  readonly name: string;
}

// The parts of Objection 3.1.5's eager loading (`withGraphFetched`) that the layer's loader reads
// and its typings leave out. Objection is pinned to that version; this file lists what an
// upgrade would have to re-check.

/** A node of a parsed relation expression: `posts` in `posts.tags`. */
export interface ExpressionNode {
  /** The property the relation is loaded into: the relation's name, or its alias. */
  readonly $name: string;
  readonly $relation: string;
  /** Modifier names, `posts(published)`, and those `modifyGraph` adds. */
  readonly $modify: readonly string[];
  readonly $recursive: boolean | number;
  readonly $allRecursive: boolean;
  readonly $childNames: readonly string[];
}

/** The nodes directly below `node`, in expression order. */
export function childNodesOf(node: ExpressionNode): ExpressionNode[] {
  const children = node as unknown as Record<string, ExpressionNode>;
  return node.$childNames.map((name) => children[name]!);
}

/** One side of a relation's key: the owner's (`shops.id`) or the related rows' (`products.shop_id`). */
export interface RelationKey extends RelationProperty {
  /** The key's values on `model` as one string, the way Objection matches owners and rows. */
  propKey(model: object): string;
  getProp(model: object, index: number): unknown;
  getProps(model: object): unknown[];
}

/** A relation as Objection builds it from a mapping, with the key readers eager loading uses. */
export interface EagerRelation extends Relation {
  readonly ownerProp: RelationKey;
  readonly relatedProp: RelationKey;
}

/**
 * `relation` with the members Objection's eager loading reads to load it.
 *
 * @example
 * eagerRelationOf(Shop.getRelation('products')).relatedProp.propKey(product) // 'k_1'
 */
export function eagerRelationOf(relation: Relation): EagerRelation {
  return relation as unknown as EagerRelation;
}

/**
 * The aliases Objection selects a many-to-many relation's owner key columns as
 * (`getTempColumn` in Objection), so that each row tells which owner it belongs to.
 */
export function ownerKeyAlias(index: number): string {
  return `objectiontmpjoin${index}`;
}

/** Eager-loading options, as `withGraphFetched(expression, options)` and models set them. */
export interface GraphOptions {
  readonly maxBatchSize?: number;
  readonly skipFetched?: boolean;
}

/** The operation `withGraphFetched` adds to a query (`WhereInEagerOperation`). */
export interface EagerOperation extends Operation {
  readonly expression: { readonly node: ExpressionNode };
  /** What `modifyGraph` added. */
  readonly modifiersAtPath: readonly unknown[];
  readonly graphOptions: GraphOptions | null;
  /** How many parents one relation query takes, from `graphOptions` or the dialect. */
  batchSize(knex: Knex): number;
}

interface FindableBuilder {
  findOperation(selector: (operation: Operation) => boolean): unknown;
}

function findOperation(builder: Builder, selector: (operation: Operation) => boolean): unknown {
  return (builder as unknown as FindableBuilder).findOperation(selector) ?? undefined;
}

const WHERE_IN_EAGER_OPERATION = (
  findOperation(QueryBuilder.forClass(Model).withGraphFetched('') as Builder, () => true) as object
).constructor;

/** The `withGraphFetched` operation of `builder`; `undefined` without one or for `withGraphJoined`. */
export function fetchedGraphOf(builder: Builder): EagerOperation | undefined {
  const operation = findOperation(builder, ({ name }) => name === 'eager') as
    EagerOperation | undefined;
  return operation?.constructor === WHERE_IN_EAGER_OPERATION ? operation : undefined;
}

interface ModelClassInternals {
  query(): { isSelectAll(): boolean };
  omitImpl(model: Model, property: string): void;
  getDefaultGraphOptions(): GraphOptions | null | undefined;
}

function classInternalsOf(modelClass: ModelClass<Model> | typeof Model): ModelClassInternals {
  return modelClass as unknown as ModelClassInternals;
}

/**
 * Whether Objection joins `modelClass`'s table as it is rather than as a subquery, which a query
 * hook or a custom query builder of the join model would make it do (`isSelectAll`).
 */
export function isJoinedAsTable(modelClass: ModelClass<Model>): boolean {
  return classInternalsOf(modelClass).query().isSelectAll();
}

/** `modelClass.defaultGraphOptions`, as Objection reads them. */
export function defaultGraphOptionsOf(modelClass: ModelClass<Model>): GraphOptions | null {
  return classInternalsOf(modelClass).getDefaultGraphOptions() ?? null;
}

/** Removes `property` from `model` the way `modelClass` omits implicitly selected columns. */
export function omitProperty(modelClass: ModelClass<Model>, model: Model, property: string): void {
  classInternalsOf(modelClass).omitImpl(model, property);
}

/** The parts of a query's shared context that change how its child queries build. */
export interface SharedContext {
  knex: Knex | null;
  tableMap: Map<string, string> | null;
  aliasMap: Map<string, string> | null;
  onBuild: unknown[];
  options: { schema?: string; debug?: boolean; keepImplicitJoinProps?: boolean };
}

interface ContextualBuilder {
  internalContext(): SharedContext;
  context(): { onBuild?: unknown };
}

/**
 * What `builder` shares with the child queries Objection makes for it (`childQueryOf`): the
 * transaction, table aliases and renames, build hooks (`withSchema`, `debug` add theirs there).
 */
export function sharedContextOf(builder: Builder): SharedContext {
  return (builder as unknown as ContextualBuilder).internalContext();
}

/** The `onBuild` hooks `builder`'s user context carries (`context({ onBuild })`), shared too. */
export function contextBuildHooksOf(builder: Builder): unknown {
  return (builder as unknown as ContextualBuilder).context().onBuild;
}
