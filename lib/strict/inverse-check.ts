import type { Model, Relation, RelationProperty } from 'objection';
import { InverseMismatchError } from '../errors';
import { tableNameOf } from '../objection/query-internals';
import {
  type DerivedRelationKind,
  type MorphKind,
  type RelationKind,
  relationFacts,
  unhandledKind,
} from '../objection/relation-facts';
import { checkMorphInverse } from './morph-inverse-check';

// The polymorphic kinds have their own check (morph-inverse-check.ts).
type CheckedKind = Exclude<RelationKind, 'unsupported' | DerivedRelationKind | MorphKind>;

/** How messages name each kind: as Objection's relation classes are named. */
const KIND_NAMES: Record<CheckedKind, string> = {
  hasOne: 'HasOne',
  hasMany: 'HasMany',
  belongsToOne: 'BelongsToOne',
  manyToMany: 'ManyToMany',
};

/** Which kinds may sit at the other end of a relation of each kind. */
const INVERSE_KINDS: Record<CheckedKind, readonly CheckedKind[]> = {
  hasOne: ['belongsToOne'],
  hasMany: ['belongsToOne'],
  belongsToOne: ['hasMany', 'hasOne'],
  manyToMany: ['manyToMany'],
};

function kindOf(relation: Relation): CheckedKind {
  const facts = relationFacts(relation);
  switch (facts.kind) {
    case 'unsupported':
      throw new Error(
        `${nameOf(relation)} is a ${facts.className}, not a relation kind the layer knows`,
      );
    case 'morphMany':
    case 'morphOne':
    case 'morphTo':
      throw new InverseMismatchError(
        nameOf(relation),
        facts.declaredInverse,
        `${nameOf(relation)} is polymorphic (${facts.kind}): its inverse must be polymorphic too`,
      );
    // Read-only kinds name no inverse, and no relation may name one as its inverse.
    case 'through':
    case 'recursive':
      throw new InverseMismatchError(
        nameOf(relation),
        undefined,
        `${nameOf(relation)} is a read-only ${facts.kind} relation, which has no inverse`,
      );
    case 'hasMany':
    case 'hasOne':
    case 'belongsToOne':
    case 'manyToMany':
      return facts.kind;
    default:
      return unhandledKind(facts);
  }
}

function nameOf(relation: Relation): string {
  return `${relation.ownerModelClass.name}.${relation.name}`;
}

function inverseNameOf(relation: Relation): string | undefined {
  return relationFacts(relation).declaredInverse;
}

/** Bound copies (`bindKnex`) subclass the model they copy; either counts as the model. */
function isSameModel(a: typeof Model, b: typeof Model): boolean {
  return a === b || a.prototype instanceof b || b.prototype instanceof a;
}

function columnsOf(property: RelationProperty): string {
  const table = tableNameOf(property.modelClass);
  return property.cols.map((column) => `${table}.${column}`).join(', ');
}

/** The column pairs a relation joins on, walked from its owner to its target. */
function joinSteps(relation: Relation): Array<[string, string]> {
  if (kindOf(relation) !== 'manyToMany') {
    return [[columnsOf(relation.ownerProp), columnsOf(relation.relatedProp)]];
  }
  return [
    [columnsOf(relation.ownerProp), columnsOf(relation.joinTableOwnerProp)],
    [columnsOf(relation.joinTableRelatedProp), columnsOf(relation.relatedProp)],
  ];
}

function describeSteps(steps: Array<[string, string]>): string {
  return steps.map(([from, to]) => `${from} = ${to}`).join(', ');
}

/** The relation and its inverse, as one sentence naming both sides, or null if they agree. */
function mismatchOf(relation: Relation, inverse: Relation): string | null {
  const name = nameOf(relation);
  const inverseName = nameOf(inverse);
  const backName = inverseNameOf(inverse);
  if (
    !isSameModel(inverse.relatedModelClass, relation.ownerModelClass) ||
    backName !== relation.name
  ) {
    const names = backName ? `${inverse.relatedModelClass.name}.${backName}` : 'no inverse';
    return `${name} names ${inverseName} as its inverse, but ${inverseName} names ${names}`;
  }
  const kind = kindOf(relation);
  const inverseKind = kindOf(inverse);
  if (!INVERSE_KINDS[kind].includes(inverseKind)) {
    return (
      `${name} is ${KIND_NAMES[kind]}, so its inverse ${inverseName} must be ` +
      `${INVERSE_KINDS[kind].map((allowed) => KIND_NAMES[allowed]).join(' or ')}, ` +
      `but it is ${KIND_NAMES[inverseKind]}`
    );
  }
  const steps = describeSteps(joinSteps(relation));
  const mirrored = describeSteps(
    joinSteps(inverse)
      .reverse()
      .map(([from, to]) => [to, from]),
  );
  if (steps !== mirrored) {
    return (
      `${name} joins ${steps}, but its inverse ${inverseName} joins ` +
      `${describeSteps(joinSteps(inverse))}: the two must join on the same columns`
    );
  }
  return null;
}

function checkRelation(relation: Relation): void {
  const { kind } = relationFacts(relation);
  if (kind === 'morphMany' || kind === 'morphOne' || kind === 'morphTo') {
    checkMorphInverse(relation);
    return;
  }
  const name = nameOf(relation);
  const target = relation.relatedModelClass;
  const inverseName = inverseNameOf(relation);
  // As in Objection, a relation need not name an inverse; one that does is held to it.
  if (inverseName === undefined) return;
  const qualified = `${target.name}.${inverseName}`;
  const inverse = target.getRelations()[inverseName];
  if (!inverse) {
    throw new InverseMismatchError(
      name,
      qualified,
      `${name} names ${qualified} as its inverse, but ${target.name} has no relation ${inverseName}`,
    );
  }
  const mismatch = mismatchOf(relation, inverse);
  if (mismatch) throw new InverseMismatchError(name, qualified, mismatch);
}

/**
 * Checks that every relation of `modelClass` and the inverse it names describe the same link
 * from both ends: they name each other, join on the same columns (a join table's ends
 * swapped), and agree on cardinality (HasMany or HasOne ↔ BelongsToOne, ManyToMany ↔
 * ManyToMany). Throws `InverseMismatchError` naming both sides at the first disagreement. The
 * layer runs it once per model when the models are first used; it sends no query.
 *
 * @example
 * checkInverses(Shop); // Shop.products ↔ Product.shop
 */
export function checkInverses(modelClass: typeof Model): void {
  for (const relation of Object.values(modelClass.getRelations())) checkRelation(relation);
}
