import { Model, type ModelClass, type RelationMapping } from 'objection';

/** What happens to related rows when their owner is deleted. */
export type DeletePolicy = 'cascade' | 'restrict' | 'nullify' | 'unrelate';

/**
 * An Objection relation mapping plus what the layer needs on top: the name of the inverse
 * relation on the target model (SQLAlchemy's `back_populates`) and the delete policy.
 */
export interface RelationDeclaration<
  P extends DeletePolicy = DeletePolicy,
> extends RelationMapping<Model> {
  inverse: string;
  onDelete?: P;
}

type Target = ModelClass<Model> | (() => ModelClass<Model>);

interface DirectJoin<P extends DeletePolicy> {
  /** `table.column` on the side that declares the relation. */
  from: string;
  /** `table.column` on the target side. */
  to: string;
  inverse: string;
  onDelete?: P;
}

interface ThroughJoin<P extends DeletePolicy> extends DirectJoin<P> {
  through: { from: string; to: string; extra?: string[] };
}

function declare<P extends DeletePolicy>(
  relation: RelationMapping<Model>['relation'],
  modelClass: Target,
  { from, to, inverse, onDelete, ...rest }: DirectJoin<P> & Partial<ThroughJoin<P>>,
): RelationDeclaration<P> {
  const join = rest.through ? { from, to, through: rest.through } : { from, to };
  return { relation, modelClass, join, inverse, ...(onDelete ? { onDelete } : {}) };
}

/**
 * One owner, many targets; the foreign key is on the target.
 *
 * @example
 * products: hasMany(Product, { from: 'shops.id', to: 'products.shop_id', inverse: 'shop', onDelete: 'cascade' })
 */
export function hasMany(
  modelClass: Target,
  join: DirectJoin<'cascade' | 'restrict' | 'nullify'>,
): RelationDeclaration {
  return declare(Model.HasManyRelation, modelClass, join);
}

/**
 * One owner, at most one target; the foreign key (unique) is on the target.
 *
 * @example
 * profile: hasOne(Profile, { from: 'users.id', to: 'profiles.user_id', inverse: 'user', onDelete: 'cascade' })
 */
export function hasOne(
  modelClass: Target,
  join: DirectJoin<'cascade' | 'restrict' | 'nullify'>,
): RelationDeclaration {
  return declare(Model.HasOneRelation, modelClass, join);
}

/**
 * The many side pointing at its owner; the foreign key is on the declaring model. Deleting the
 * child never touches the owner, so there is no delete policy.
 *
 * @example
 * shop: belongsToOne(Shop, { from: 'products.shop_id', to: 'shops.id', inverse: 'products' })
 */
export function belongsToOne(modelClass: Target, join: DirectJoin<never>): RelationDeclaration {
  return declare(Model.BelongsToOneRelation, modelClass, join);
}

/**
 * Many to many through a join table; `through.extra` exposes join-table columns on the targets.
 * `unrelate` deletes the join rows and keeps the targets; `restrict` refuses while any exist.
 *
 * @example
 * tags: manyToMany(Tag, {
 *   from: 'posts.id', through: { from: 'post_tags.post_id', to: 'post_tags.tag_id' }, to: 'tags.id',
 *   inverse: 'posts', onDelete: 'unrelate',
 * })
 */
export function manyToMany(
  modelClass: Target,
  join: ThroughJoin<'unrelate' | 'restrict'>,
): RelationDeclaration {
  return declare(Model.ManyToManyRelation, modelClass, join);
}
