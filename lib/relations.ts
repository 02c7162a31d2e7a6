import {
  Model,
  type ModelClass,
  type Relation,
  type RelationMapping,
  type RelationMappings,
} from 'objection';
import {
  MORPH_RELATION_TYPES,
  type MorphOwnerSide,
  type MorphTargetSide,
} from './objection/morph-relations';
import { relationFacts } from './objection/relation-facts';

/** What happens to related rows when their owner is deleted. */
export type DeletePolicy = 'cascade' | 'restrict' | 'nullify' | 'unrelate';

// Marks the declarations the helpers below make: the layer's graph-write rules (a linked
// many-to-many target is never rewritten, a related id must exist) hang on it, so that a plain
// Objection mapping keeps Objection's behaviour.
const DECLARED_BY_LAYER = Symbol('declared by relational-layer');

/**
 * An Objection relation mapping plus what the layer needs on top: the name of the inverse
 * relation on the target model (SQLAlchemy's `back_populates`) and the delete policy.
 */
export interface RelationDeclaration<
  P extends DeletePolicy = DeletePolicy,
> extends RelationMapping<Model> {
  inverse: string;
  onDelete?: P;
  /** Set by the layer's helpers (`hasMany`, …): see `isDeclaredByLayer`. */
  readonly [DECLARED_BY_LAYER]?: true;
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
  return {
    relation,
    modelClass,
    join,
    inverse,
    ...(onDelete ? { onDelete } : {}),
    [DECLARED_BY_LAYER]: true,
  };
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

const layerDeclared = new WeakMap<ModelClass<Model>, ReadonlySet<string>>();

function layerDeclaredNamesOf(modelClass: ModelClass<Model>): ReadonlySet<string> {
  let names = layerDeclared.get(modelClass);
  if (!names) {
    const mappings = modelClass.relationMappings as
      RelationMappings | (() => RelationMappings) | undefined;
    const declared = (typeof mappings === 'function' ? mappings.call(modelClass) : mappings) ?? {};
    names = new Set(
      Object.entries(declared)
        .filter(([, mapping]) => Object.hasOwn(mapping, DECLARED_BY_LAYER))
        .map(([name]) => name),
    );
    layerDeclared.set(modelClass, names);
  }
  return names;
}

/**
 * Whether `relation` was declared with one of the layer's helpers (`hasMany`, `hasOne`,
 * `belongsToOne`, `manyToMany`) rather than as a plain Objection mapping.
 *
 * @example
 * isDeclaredByLayer(Shop.getRelation('products')) // true
 */
export function isDeclaredByLayer(relation: Relation): boolean {
  return layerDeclaredNamesOf(relation.ownerModelClass).has(relation.name);
}

/**
 * Whether a graph write may only link the existing targets of `relation`, never rewrite them:
 * a ManyToMany declared with `manyToMany()`. A node with an id under it carries its id and the
 * join-table extras, nothing else; the target itself is edited through its own model.
 *
 * @example
 * isLinkOnly(Order.getRelation('products')) // true: an order links products, it does not rename them
 */
export function isLinkOnly(relation: Relation): boolean {
  return relationFacts(relation).kind === 'manyToMany' && isDeclaredByLayer(relation);
}

// --- Polymorphic relations (issue #16, item 1) ------------------------------------------------

/** The type and id columns a polymorphic child stores its owner in. */
interface MorphColumnsDeclaration {
  /** `table.column` of the type column on the child: `comments.commentable_type`. */
  type: string;
  /** `table.column` of the id column on the child: `comments.commentable_id`. */
  id: string;
}

interface MorphOwnerJoin<P extends DeletePolicy> extends MorphColumnsDeclaration {
  /** `table.column` on the owner the id column holds: `posts.id`. */
  from: string;
  /**
   * What the type column holds for this owner (Rails' `polymorphic_name`, a Laravel morph map
   * key): stored data, so never derived from the class name, which a rename or a minifier changes.
   */
  typeValue: string;
  /** The `morphTo` on the child, whose morph map names this owner under `typeValue`. */
  inverse: string;
  onDelete?: P;
}

interface MorphToDeclaration extends MorphColumnsDeclaration {
  /** The morph map, type value to model, as a thunk so that models can import each other. */
  targets: () => Record<string, ModelClass<Model>>;
  /** The name of the `morphMany`/`morphOne` on every target. */
  inverse: string;
}

function declareMorphOwner(
  relation: RelationMapping<Model>['relation'],
  modelClass: Target,
  { from, type, id, typeValue, inverse, onDelete }: MorphOwnerJoin<'cascade' | 'restrict'>,
): RelationDeclaration {
  const morph: MorphOwnerSide = { typeColumn: type, idColumn: id, typeValue };
  return {
    relation,
    modelClass,
    join: { from, to: id },
    inverse,
    ...(onDelete ? { onDelete } : {}),
    [DECLARED_BY_LAYER]: true,
    ...{ morph },
  };
}

/**
 * An owner's polymorphic children: their type column holds `typeValue`, their id column the
 * owner's key. No foreign key can guard the id column, so the delete policy (`cascade` or
 * `restrict`) is the only one: the layer's delete engine applies it, and `checkSchema` reports
 * orphans. Inserting through the relation sets both columns.
 *
 * @example
 * comments: morphMany(Comment, {
 *   from: 'posts.id', type: 'comments.commentable_type', id: 'comments.commentable_id',
 *   typeValue: 'post', inverse: 'commentable', onDelete: 'cascade',
 * })
 */
export function morphMany(
  modelClass: Target,
  join: MorphOwnerJoin<'cascade' | 'restrict'>,
): RelationDeclaration {
  return declareMorphOwner(MORPH_RELATION_TYPES.morphMany, modelClass, join);
}

/**
 * An owner's one polymorphic child (its type and id columns unique together), as `morphMany`.
 *
 * @example
 * image: morphOne(Image, {
 *   from: 'users.id', type: 'images.imageable_type', id: 'images.imageable_id',
 *   typeValue: 'user', inverse: 'imageable', onDelete: 'cascade',
 * })
 */
export function morphOne(
  modelClass: Target,
  join: MorphOwnerJoin<'cascade' | 'restrict'>,
): RelationDeclaration {
  return declareMorphOwner(MORPH_RELATION_TYPES.morphOne, modelClass, join);
}

/**
 * A child's polymorphic owner: the type column names a model of the morph map, the id column a
 * row of it. Eager loading reads one query per type among the children; writes through it are
 * refused (set the child's columns, or insert through the owner's `morphMany`). No delete policy:
 * deleting the child never touches the owner.
 *
 * @example
 * commentable: morphTo({
 *   type: 'comments.commentable_type', id: 'comments.commentable_id',
 *   targets: () => ({ post: Post, product: Product }), inverse: 'comments',
 * })
 */
export function morphTo({ type, id, targets, inverse }: MorphToDeclaration): RelationDeclaration {
  const morph: MorphTargetSide = { typeColumn: type, idColumn: id, targets };
  return {
    relation: MORPH_RELATION_TYPES.morphTo,
    // Objection resolves these; `MorphToRelation.setMapping` replaces them by the map's first model.
    modelClass: () => Object.values(targets())[0]!,
    join: { from: id, to: id },
    inverse,
    [DECLARED_BY_LAYER]: true,
    ...{ morph },
  };
}
