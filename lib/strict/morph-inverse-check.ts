import type { Model, ModelClass, Relation } from 'objection';
import { InverseMismatchError } from '../errors';
import { idColumnOf, tableNameOf } from '../objection/query-internals';
import {
  type MorphOwnerFacts,
  type MorphToFacts,
  relationFacts,
} from '../objection/relation-facts';

/** Bound copies (`bindKnex`) subclass the model they copy; either counts as the model. */
function isSameModel(a: ModelClass<Model>, b: ModelClass<Model>): boolean {
  return a === b || a.prototype instanceof b || b.prototype instanceof a;
}

function ownerColumnsOf(facts: MorphOwnerFacts): string {
  const table = tableNameOf(facts.relatedModelClass);
  return `${table}.${facts.typeColumn}, ${table}.${facts.idColumn}`;
}

function targetColumnsOf(facts: MorphToFacts): string {
  const table = tableNameOf(facts.ownerModelClass);
  return `${table}.${facts.typeColumn}, ${table}.${facts.idColumn}`;
}

/**
 * Why `owner` (a morphMany/morphOne) and `target` (the morphTo it names) do not describe the same
 * link, or null: they must name each other, use the same type and id columns, the morph map must
 * name the owner's model under the owner's type value, and the owner must join on its id.
 */
function morphMismatchOf(owner: MorphOwnerFacts, inverse: Relation): string | null {
  const name = owner.qualifiedName;
  const target = relationFacts(inverse);
  if (target.kind !== 'morphTo') {
    return `${name} is polymorphic (${owner.kind}), so its inverse ${target.qualifiedName} must be a morphTo, but it is ${target.kind}`;
  }
  if (target.declaredInverse !== owner.name) {
    return `${name} names ${target.qualifiedName} as its inverse, but ${target.qualifiedName} names ${target.declaredInverse ?? 'no inverse'} on its targets`;
  }
  if (ownerColumnsOf(owner) !== targetColumnsOf(target)) {
    return `${name} stores its owner in ${ownerColumnsOf(owner)}, but its inverse ${target.qualifiedName} reads ${targetColumnsOf(target)}: the two must use the same columns`;
  }
  const mapped = target.targets.get(owner.typeValue);
  if (!mapped || !isSameModel(mapped, owner.ownerModelClass)) {
    const actual = mapped ? `names ${mapped.name}` : 'has no entry';
    return `${name} stores the type '${owner.typeValue}', but under '${owner.typeValue}' the morph map of ${target.qualifiedName} ${actual}: the two must agree, or rows are read as another model's`;
  }
  const idColumn = [idColumnOf(owner.ownerModelClass)].flat().join(', ');
  if (owner.ownerKey?.col !== idColumn) {
    return `${name} joins on ${tableNameOf(owner.ownerModelClass)}.${owner.ownerKey?.col ?? '(a composite key)'}, but ${target.qualifiedName} reads its targets by their id (${idColumn})`;
  }
  return null;
}

/**
 * Checks a polymorphic relation against the inverse it names: a morphMany/morphOne against the
 * morphTo on its children; a morphTo against the morphMany/morphOne by that name on every model
 * of its morph map. Throws `InverseMismatchError` at the first disagreement; sends no query.
 *
 * @example
 * checkMorphInverse(Comment.getRelation('commentable')); // Post.comments, Product.comments
 */
export function checkMorphInverse(relation: Relation): void {
  const facts = relationFacts(relation);
  const inverseName = facts.declaredInverse;
  if (inverseName === undefined) return;
  if (facts.kind === 'morphMany' || facts.kind === 'morphOne') {
    checkOwnerSide(facts, facts.relatedModelClass, inverseName);
  } else if (facts.kind === 'morphTo') {
    for (const target of facts.targets.values()) {
      const inverse = target.getRelations()[inverseName];
      const qualified = `${target.name}.${inverseName}`;
      if (!inverse) {
        throw new InverseMismatchError(
          facts.qualifiedName,
          qualified,
          `${facts.qualifiedName} names ${qualified} as its inverse, but ${target.name} has no relation ${inverseName}`,
        );
      }
      const ownerFacts = relationFacts(inverse);
      if (ownerFacts.kind !== 'morphMany' && ownerFacts.kind !== 'morphOne') {
        throw new InverseMismatchError(
          facts.qualifiedName,
          qualified,
          `${facts.qualifiedName} is a morphTo, so its inverse ${qualified} must be a morphMany or morphOne, but it is ${ownerFacts.kind}`,
        );
      }
      checkOwnerSide(ownerFacts, facts.ownerModelClass, relation.name);
    }
  }
}

function checkOwnerSide(
  owner: MorphOwnerFacts,
  childClass: ModelClass<Model>,
  inverseName: string,
): void {
  const qualified = `${childClass.name}.${inverseName}`;
  const inverse = childClass.getRelations()[inverseName];
  if (!inverse) {
    throw new InverseMismatchError(
      owner.qualifiedName,
      qualified,
      `${owner.qualifiedName} names ${qualified} as its inverse, but ${childClass.name} has no relation ${inverseName}`,
    );
  }
  const mismatch = morphMismatchOf(owner, inverse);
  if (mismatch) throw new InverseMismatchError(owner.qualifiedName, qualified, mismatch);
}
