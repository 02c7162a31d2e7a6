import type { Model, ModelClass } from 'objection';
import { ReadOnlyRelationError } from '../errors';
import { relationFacts } from '../objection/relation-facts';

/**
 * Refuses a graph write (`insertGraph`, `upsertGraph`) whose graph names a read-only relation
 * (`through`, `recursive`) at any depth, before any statement: nothing can be written through
 * one, and leaving it out silently would drop what the caller asked for.
 *
 * @example
 * refuseReadOnlyRelations(Customer, { name: 'Ada', purchasedProducts: [] }); // ReadOnlyRelationError
 */
export function refuseReadOnlyRelations(modelClass: ModelClass<Model>, graph: unknown): void {
  const seen = new Set<unknown>();
  const visit = (owner: ModelClass<Model>, value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(owner, item);
      return;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const relations = owner.getRelations();
    for (const [name, child] of Object.entries(value)) {
      const relation = relations[name];
      if (!relation || child === undefined) continue;
      const facts = relationFacts(relation);
      if (facts.kind === 'through' || facts.kind === 'recursive') {
        throw new ReadOnlyRelationError(facts.qualifiedName, 'a graph write');
      }
      visit(facts.relatedModelClass, child);
    }
  };
  visit(modelClass, graph);
}
