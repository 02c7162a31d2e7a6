import { Model, type ModelClass, type Relation, type RelationProperty } from 'objection';
import type { RecursiveWalk } from './derived/recursive-relation';
import type { ThroughPath } from './derived/through-relation';
import { declaredInverseOf } from './model-internals';
import { morphOwnerSideOf, morphTargetSideOf } from './morph-relations';

/**
 * The relation kinds the layer handles. `'unsupported'` is every other relation Objection can
 * build (HasOneThrough, a custom subclass): the layer's features leave those to Objection.
 */
export type RelationKind =
  | 'hasMany'
  | 'hasOne'
  | 'belongsToOne'
  | 'manyToMany'
  | DerivedRelationKind
  | MorphKind
  | 'unsupported';

// ---- The read-only kinds derived from other relations (has-many-through, trees) ----

/** The kinds the layer derives from declared relations; both are read-only. */
export type DerivedRelationKind = 'through' | 'recursive';

/**
 * Two relations walked one after the other (`hasManyThrough`, `hasOneThrough`): Customer →
 * orders → products. Read-only.
 */
export interface ThroughFacts extends CommonFacts {
  readonly kind: 'through';
  /** The joins from the targets back to the owner's key, and the column holding that key. */
  readonly path: ThroughPath;
}

/** A self-referential relation repeated to any depth (`recursive`): descendants, ancestors. Read-only. */
export interface RecursiveFacts extends CommonFacts {
  readonly kind: 'recursive';
  readonly walk: RecursiveWalk;
}

interface DerivedRelationInternals {
  readonly throughPath?: ThroughPath;
  readonly walk?: RecursiveWalk;
}

function derivedFactsFor(relation: Relation, common: CommonFacts): RelationFacts | undefined {
  const kind = (relation.constructor as { layerKind?: DerivedRelationKind }).layerKind;
  const derived = relation as unknown as DerivedRelationInternals;
  if (kind === 'through' && derived.throughPath) {
    return { ...common, kind, path: derived.throughPath };
  }
  if (kind === 'recursive' && derived.walk) return { ...common, kind, walk: derived.walk };
  return undefined;
}

// ---- end of the derived kinds ----

/** The polymorphic kinds (`morphMany`, `morphOne`, `morphTo` in `lib/relations.ts`). */
export type MorphKind = 'morphMany' | 'morphOne' | 'morphTo';

/** One side of a one-column key: the model property and the column it is stored in. */
export interface KeyColumn {
  readonly prop: string;
  readonly col: string;
}

/** A join-table column a many-to-many relation reads onto its targets (`quantity`). */
export interface JoinTableExtra {
  /** The column in the join table. */
  readonly column: string;
  /** The property of the target model that carries it. */
  readonly property: string;
  /** The column name the target's row carries it under (its property, mapped to a column). */
  readonly alias: string;
}

interface CommonFacts {
  /** Objection's relation object, for the public API it offers (`relatedModelClass`, …). */
  readonly relation: Relation;
  readonly name: string;
  /** `Owner.relation`, as messages name it. */
  readonly qualifiedName: string;
  readonly ownerModelClass: ModelClass<Model>;
  readonly relatedModelClass: ModelClass<Model>;
  /** The owner's side of the key, or null when it has several columns or is not a plain column. */
  readonly ownerKey: KeyColumn | null;
  /** The related rows' side of the key, likewise. */
  readonly relatedKey: KeyColumn | null;
  /** Whether the mapping narrows the related rows (`modify`/`filter`). */
  readonly hasModifier: boolean;
  /** Whether an owner holds a list of related models rather than one (or null). */
  readonly isToMany: boolean;
  /** The `inverse` the relation's declaration names (see `RelationDeclaration`), if any. */
  readonly declaredInverse: string | undefined;
}

/** One owner, many targets; the foreign key is on the targets. */
export interface HasManyFacts extends CommonFacts {
  readonly kind: 'hasMany';
}

/** One owner, at most one target; the foreign key is on the target. */
export interface HasOneFacts extends CommonFacts {
  readonly kind: 'hasOne';
}

/** The model holding the foreign key, pointing at its owner. */
export interface BelongsToOneFacts extends CommonFacts {
  readonly kind: 'belongsToOne';
}

/** Owners and targets linked by the rows of a join table. */
export interface ManyToManyFacts extends CommonFacts {
  readonly kind: 'manyToMany';
  readonly joinTable: string;
  /** The join table's column towards the owner, or null for a composite key. */
  readonly joinTableOwnerKey: KeyColumn | null;
  /** The join table's column towards the targets, or null for a composite key. */
  readonly joinTableRelatedKey: KeyColumn | null;
  readonly extras: readonly JoinTableExtra[];
  /** Whether the mapping's `through` narrows the join rows (`through.modify`). */
  readonly hasJoinTableModifier: boolean;
}

/** A relation the layer has no kind for: every feature leaves it to Objection. */
export interface UnsupportedFacts extends CommonFacts {
  readonly kind: 'unsupported';
  /** The Objection class of the relation, for messages. */
  readonly className: string;
}

// --- Polymorphic kinds ---------------------------------------------------------------------

/**
 * An owner's polymorphic children (`Post.comments`): a HasMany/HasOne whose children also store
 * the owner's type value; every read and write through it carries the type condition.
 */
export interface MorphOwnerFacts extends CommonFacts {
  readonly kind: 'morphMany' | 'morphOne';
  /** The children's type column (`commentable_type`), in the related table. */
  readonly typeColumn: string;
  /** The children's id column (`commentable_id`), in the related table. */
  readonly idColumn: string;
  /** The value the type column holds for this owner (`'post'`). */
  readonly typeValue: string;
}

/**
 * A child's polymorphic owner (`Comment.commentable`): its type column names one model of the
 * morph map, its id column a row of it. `relatedModelClass` is the map's first model only; the
 * features use `targets`.
 */
export interface MorphToFacts extends CommonFacts {
  readonly kind: 'morphTo';
  /** The type column (`commentable_type`) in the owner's (the child's) table. */
  readonly typeColumn: string;
  /** The id column (`commentable_id`) in the owner's table. */
  readonly idColumn: string;
  /** The morph map: type value to model, in declaration order. */
  readonly targets: ReadonlyMap<string, ModelClass<Model>>;
}

/** What the layer needs to know of one relation, by kind. */
export type RelationFacts =
  | HasManyFacts
  | HasOneFacts
  | BelongsToOneFacts
  | ManyToManyFacts
  | ThroughFacts
  | RecursiveFacts
  | MorphOwnerFacts
  | MorphToFacts
  | UnsupportedFacts;

// What Objection 3.1.5 keeps on a relation beyond its typings.
interface RelationInternals {
  readonly modify: unknown;
  readonly joinTableModify?: unknown;
  readonly joinTableExtras?: ReadonlyArray<{
    joinTableCol: string;
    aliasCol: string;
    aliasProp: string;
  }>;
  isOneToOne(): boolean;
}

interface PropertyInternals {
  readonly _refs?: ReadonlyArray<{ readonly isPlainColumnRef: boolean }>;
}

function internalsOf(relation: Relation): RelationInternals {
  return relation as unknown as RelationInternals;
}

/** The one property and column of `key`, or null for a composite key or a JSON reference. */
function keyColumnOf(key: RelationProperty | undefined): KeyColumn | null {
  if (!key || key.size !== 1) return null;
  const refs = (key as RelationProperty & PropertyInternals)._refs;
  if (refs?.[0]?.isPlainColumnRef !== true) return null;
  const [prop] = key.props;
  const [col] = key.cols;
  return prop !== undefined && col !== undefined ? { prop, col } : null;
}

// The exact classes, not `instanceof`: HasOne extends HasMany, HasOneThrough extends ManyToMany,
// and a subclass may change how the relation reads or writes.
const KIND_BY_CLASS = new Map<
  unknown,
  Exclude<RelationKind, 'unsupported' | DerivedRelationKind | MorphKind>
>([
  [Model.HasManyRelation, 'hasMany'],
  [Model.HasOneRelation, 'hasOne'],
  [Model.BelongsToOneRelation, 'belongsToOne'],
  [Model.ManyToManyRelation, 'manyToMany'],
]);

function factsFor(relation: Relation): RelationFacts {
  const internals = internalsOf(relation);
  const common: CommonFacts = {
    relation,
    name: relation.name,
    qualifiedName: `${relation.ownerModelClass.name}.${relation.name}`,
    ownerModelClass: relation.ownerModelClass as ModelClass<Model>,
    relatedModelClass: relation.relatedModelClass as ModelClass<Model>,
    ownerKey: keyColumnOf(relation.ownerProp),
    relatedKey: keyColumnOf(relation.relatedProp),
    hasModifier: Boolean(internals.modify),
    isToMany: !internals.isOneToOne(),
    declaredInverse: declaredInverseOf(relation.ownerModelClass, relation.name),
  };
  const derived = derivedFactsFor(relation, common);
  if (derived) return derived;
  const morph = morphFactsOf(relation, common);
  if (morph) return morph;
  const kind = KIND_BY_CLASS.get(relation.constructor);
  if (kind === undefined) {
    return { ...common, kind: 'unsupported', className: relation.constructor.name };
  }
  if (kind !== 'manyToMany') return { ...common, kind };
  return {
    ...common,
    kind,
    joinTable: relation.joinTable,
    joinTableOwnerKey: keyColumnOf(relation.joinTableOwnerProp),
    joinTableRelatedKey: keyColumnOf(relation.joinTableRelatedProp),
    extras: (internals.joinTableExtras ?? []).map(({ joinTableCol, aliasCol, aliasProp }) => ({
      column: joinTableCol,
      property: aliasProp,
      alias: aliasCol,
    })),
    hasJoinTableModifier: Boolean(internals.joinTableModify),
  };
}

/** The facts of a polymorphic relation, or undefined for any other. */
function morphFactsOf(
  relation: Relation,
  common: CommonFacts,
): MorphOwnerFacts | MorphToFacts | undefined {
  const ownerSide = morphOwnerSideOf(relation);
  if (ownerSide) {
    return {
      ...common,
      kind: common.isToMany ? 'morphMany' : 'morphOne',
      typeColumn: ownerSide.typeColumn.slice(ownerSide.typeColumn.lastIndexOf('.') + 1),
      idColumn: ownerSide.idColumn.slice(ownerSide.idColumn.lastIndexOf('.') + 1),
      typeValue: ownerSide.typeValue,
    };
  }
  const targetSide = morphTargetSideOf(relation);
  if (!targetSide) return undefined;
  const { typeColumn, idColumn, targets } = targetSide;
  return { ...common, kind: 'morphTo', typeColumn, idColumn, targets };
}

const factsByRelation = new WeakMap<Relation, RelationFacts>();

/**
 * What the layer needs to know of `relation`, decided once per relation object: its kind, and
 * per kind the keys, join table and extras the features use. Every feature switches on `kind`
 * with a `never` check, so that a new kind fails to compile where it must be handled.
 *
 * @example
 * const facts = relationFacts(Order.getRelation('products'));
 * if (facts.kind === 'manyToMany') facts.extras; // [{ column: 'quantity', property: 'quantity', alias: 'quantity' }]
 */
export function relationFacts(relation: Relation): RelationFacts {
  let facts = factsByRelation.get(relation);
  if (!facts) {
    facts = factsFor(relation);
    factsByRelation.set(relation, facts);
  }
  return facts;
}

/**
 * The join-table extras of `relation`: none unless it is a many-to-many.
 *
 * @example
 * joinTableExtrasOf(Order.getRelation('products')).map(({ property }) => property) // ['quantity']
 */
export function joinTableExtrasOf(relation: Relation): readonly JoinTableExtra[] {
  const facts = relationFacts(relation);
  return facts.kind === 'manyToMany' ? facts.extras : [];
}

/**
 * Fails to compile where a `switch` on a kind misses one: `default: return unhandledKind(facts)`.
 *
 * @example
 * default: return unhandledKind(facts);
 */
export function unhandledKind(facts: never): never {
  throw new Error(`unhandled relation kind: ${(facts as { kind: string }).kind}`);
}
