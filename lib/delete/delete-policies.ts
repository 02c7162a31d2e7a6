import type { Model, ModelClass, Relation, RelationMappings } from 'objection';
import type { DeletePolicy, RelationDeclaration } from '../relations';

/** One relation of a model with the delete policy declared on it. */
export interface DeclaredDeletePolicy {
  /** The resolved Objection relation: its tables, columns and related model. */
  relation: Relation;
  policy: DeletePolicy;
}

const resolved = new WeakMap<ModelClass<Model>, DeclaredDeletePolicy[]>();

function mappingsOf(modelClass: ModelClass<Model>): RelationMappings {
  const mappings = modelClass.relationMappings;
  return (typeof mappings === 'function' ? mappings.call(modelClass) : mappings) ?? {};
}

/**
 * The delete policies declared on `modelClass`'s relations (the `onDelete` next to each mapping),
 * read from its resolved `relationMappings`, in declaration order. Relations without a policy
 * (every BelongsToOne) are left out.
 *
 * @example
 * deletePoliciesOf(Shop).map(({ relation, policy }) => `${relation.name}: ${policy}`) // ['products: cascade']
 */
export function deletePoliciesOf(modelClass: ModelClass<Model>): DeclaredDeletePolicy[] {
  let policies = resolved.get(modelClass);
  if (!policies) {
    const relations = modelClass.getRelations();
    policies = Object.entries(mappingsOf(modelClass)).flatMap(([name, mapping]) => {
      const policy = (mapping as Partial<RelationDeclaration>).onDelete;
      const relation = relations[name];
      return policy && relation ? [{ relation, policy }] : [];
    });
    resolved.set(modelClass, policies);
  }
  return policies;
}

/**
 * The policy declared on `modelClass.relationName`, if any.
 *
 * @example deletePolicyOf(Customer, 'orders') // 'nullify'
 */
export function deletePolicyOf(
  modelClass: ModelClass<Model>,
  relationName: string,
): DeletePolicy | undefined {
  return deletePoliciesOf(modelClass).find(({ relation }) => relation.name === relationName)
    ?.policy;
}
