import type { Knex } from 'knex';
import type { Model, ModelClass, QueryContext, Relation, RelationProperty } from 'objection';
import { relationFacts } from './relation-facts';

// The parts of Objection that its typings leave out and the set-based graph insert relies on.
// Objection is pinned to exactly 3.1.5, so these shapes cannot change under the layer.

/** One side of a relation's key (`ownerProp`, `relatedProp`): one property or several. */
export interface RelationKey extends RelationProperty {
  getProp(model: object, index: number): unknown;
  setProp(model: object, index: number, value: unknown): void;
  getProps(model: object): unknown[];
}

export interface InsertableRelation extends Relation {
  readonly ownerProp: RelationKey;
  readonly relatedProp: RelationKey;
  isOneToOne(): boolean;
  /** Whether `model` carries the key that `relate` would use to attach it instead of inserting. */
  hasRelateProp(model: Model): boolean;
  /** The relation mapping's `beforeInsert` hook (identity when the mapping declares none). */
  beforeInsert(model: Model, context: QueryContext): unknown;
}

export interface InsertableJoinRelation extends InsertableRelation {
  /** Marks the join-table extras of `models` so that they are not written to the related table. */
  omitExtraProps(models: Model[]): void;
  /** The join row for an owner key and a related model, extras included. */
  createJoinModel(ownerKey: unknown[], related: Model): object;
  getJoinModelClass(knex: Knex): ModelClass<Model>;
  /** The mapping's `through.beforeInsert` hook. */
  joinTableBeforeInsert(joinModel: Model, context: QueryContext): unknown;
}

/**
 * `relation` with the members Objection's graph insert uses to write it.
 *
 * @example
 * insertableRelationOf(Shop.getRelation('products')).isOneToOne() // false
 */
export function insertableRelationOf(relation: Relation): InsertableRelation {
  return relation as InsertableRelation;
}

/**
 * `relation` as a many-to-many, with the members that write its join rows, or undefined for
 * another kind.
 *
 * @example
 * joinRelationOf(insertableRelationOf(Post.getRelation('tags')))?.createJoinModel([1], tag)
 */
function joinRelationOf(relation: InsertableRelation): InsertableJoinRelation | undefined {
  return relationFacts(relation).kind === 'manyToMany'
    ? (relation as InsertableJoinRelation)
    : undefined;
}

/**
 * Whether every id column of `model` has a value: its `$hasId()`, which the typings omit.
 *
 * @example
 * hasCompleteId(Shop.fromJson({ name: 'New' })) // false
 */
export function hasCompleteId(model: Model): boolean {
  return (model as Model & { $hasId(): boolean }).$hasId();
}

/**
 * Whether `model` carries the key `relate` would attach it by under `relation`, instead of being
 * inserted.
 *
 * @example
 * isRelatedByKey(insertableRelationOf(Order.getRelation('products')), product) // true with an id
 */
export function isRelatedByKey(relation: InsertableRelation, model: Model): boolean {
  return relation.hasRelateProp(model);
}

/**
 * Keeps a many-to-many relation's join-table extras of `models` out of their own table's row;
 * nothing for another kind.
 *
 * @example
 * omitJoinTableExtras(insertableRelationOf(Order.getRelation('products')), [product]);
 */
export function omitJoinTableExtras(relation: InsertableRelation, models: Model[]): void {
  joinRelationOf(relation)?.omitExtraProps(models);
}

/**
 * The join row Objection's graph insert writes between `owner` and `related` under a
 * many-to-many `relation`, extras included, as a model of its join table, after the mapping's
 * `through.beforeInsert`.
 *
 * @example
 * const row = await joinRowOf(relation, trx, order, product, context); // an order_items model
 */
export async function joinRowOf(
  relation: InsertableRelation,
  knex: Knex,
  owner: Model,
  related: Model,
  context: QueryContext,
): Promise<Model> {
  const join = joinRelationOf(relation);
  if (!join) throw new Error(`${relation.name} has no join table`);
  const joinModelClass = join.getJoinModelClass(knex);
  const ownerKey = join.ownerProp.getProps(owner);
  const joinModel = joinModelClass.fromJson(join.createJoinModel(ownerKey, related));
  await join.joinTableBeforeInsert(joinModel, context);
  return joinModel;
}
