import {
  type DeletePolicy,
  deletePolicyOf,
  InverseMismatchError,
  isLinkOnly,
  type RelationFacts,
  relationFacts,
} from '../lib';
import type { ResourceModel } from './options';

/** One declared relation of a model, as the HTTP layer needs to know it. */
export interface RelationInfo {
  name: string;
  /** The related model; for a morphTo, the first model of its morph map (see `targets`). */
  target: ResourceModel;
  /** Every model the related rows may be: `[target]`, or a morphTo's morph map in order. */
  targets: ResourceModel[];
  /** Whether the related row is one of several models (a morphTo): it is never joined. */
  isPolymorphicTarget: boolean;
  isToMany: boolean;
  /** Whether the rows are linked through a join table rather than by a foreign key on one side. */
  isManyToMany: boolean;
  /**
   * Whether a nested node with an id only links its target (its id and the join-table extras),
   * never rewrites it: see the layer's `isLinkOnly`.
   */
  isLinkOnly: boolean;
  /** The declared delete policy; a BelongsToOne declares none. */
  policy: DeletePolicy | undefined;
  /** Join-table columns that ride along on the targets (`quantity` on an order's products). */
  extras: string[];
  /**
   * Whether a request body may carry this relation: the owner owns the related rows, so it
   * declares what removing them means (cascade, nullify, unrelate). A BelongsToOne points at
   * an owner, which a child's body must not create or delete (use the foreign-key column), and
   * `restrict` protects rows that this side must not remove.
   */
  isWritable: boolean;
  /**
   * Whether the relation only reads (through, recursive): included, never written, and read
   * with its own statement, never joined.
   */
  isReadOnly: boolean;
}

const cache = new WeakMap<ResourceModel, RelationInfo[]>();

/**
 * The API serves a relation from both ends (`include` either way, join-table extras found on the
 * inverse), so a relation it serves must name its inverse, which the layer then checks.
 */
function refuseWithoutInverse(model: ResourceModel, facts: RelationFacts): void {
  if (facts.declaredInverse !== undefined || isReadOnly(facts)) return;
  const name = `${model.name}.${facts.name}`;
  throw new InverseMismatchError(
    name,
    undefined,
    `${name} names no inverse, which the REST API needs: declare the relation on ` +
      `${facts.relatedModelClass.name} that points back at it and name it as \`inverse\``,
  );
}

/** Whether the relation only reads (through, recursive): the API includes it, never writes it. */
function isReadOnly(facts: RelationFacts): boolean {
  return facts.kind === 'through' || facts.kind === 'recursive';
}

/** The join-table columns that ride along on a relation's targets. */
function extrasOf(facts: RelationFacts): string[] {
  switch (facts.kind) {
    case 'manyToMany':
      return facts.extras.map(({ property }) => property);
    case 'hasMany':
    case 'hasOne':
    case 'belongsToOne':
    case 'through':
    case 'recursive':
    case 'morphMany':
    case 'morphOne':
    case 'morphTo':
    case 'unsupported':
      return [];
    default: {
      const unhandled: never = facts;
      throw new Error(`unhandled relation kind: ${(unhandled as RelationFacts).kind}`);
    }
  }
}

/** The models a relation's rows may be: a morphTo's whole morph map, else its one target. */
function targetsOf(facts: RelationFacts): ResourceModel[] {
  return facts.kind === 'morphTo'
    ? ([...facts.targets.values()] as ResourceModel[])
    : [facts.relatedModelClass as ResourceModel];
}

/**
 * The relations `model` declares, read from Objection's relation objects and the declarations.
 * Throws `InverseMismatchError` for a relation that names no inverse.
 */
export function relationsOf(model: ResourceModel): RelationInfo[] {
  let relations = cache.get(model);
  if (!relations) {
    relations = Object.values(model.getRelations()).map((relation) => {
      const facts = relationFacts(relation);
      refuseWithoutInverse(model, facts);
      const policy = deletePolicyOf(model, facts.name);
      return {
        name: facts.name,
        target: facts.relatedModelClass as ResourceModel,
        targets: targetsOf(facts),
        isPolymorphicTarget: facts.kind === 'morphTo',
        isToMany: facts.isToMany,
        isManyToMany: facts.kind === 'manyToMany',
        isLinkOnly: isLinkOnly(relation),
        policy,
        extras: extrasOf(facts),
        isWritable: policy !== undefined && policy !== 'restrict',
        isReadOnly: isReadOnly(facts),
      };
    });
    cache.set(model, relations);
  }
  return relations;
}

/** The relation `name` of `model`, or undefined when it declares none by that name. */
export function relationOf(model: ResourceModel, name: string): RelationInfo | undefined {
  return relationsOf(model).find((relation) => relation.name === name);
}
