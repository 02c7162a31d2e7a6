import type { Model, ModelClass, RelationMapping } from 'objection';
import { recursiveMapping, throughMapping } from './objection/derived/mappings';

// The read-only relation kinds derived from relations a model already declares: through
// relations (Rails' `has_many :through`) and recursive ones (a tree's descendants and ancestors).
// They name no inverse and declare no delete policy: nothing is written through them.

type Target = ModelClass<Model> | (() => ModelClass<Model>);

/** Which relations a through relation walks: `relation` on the owner, then `source` on its targets. */
export interface ThroughDeclaration {
  /** A relation of the declaring model (`orders`). */
  through: string;
  /** A relation of that relation's model (`Order.products`). */
  source: string;
}

/** A read-only relation's mapping; `join` names the relations it walks, not columns. */
export type DerivedRelationMapping = RelationMapping<Model>;

/**
 * Every target reached through two relations, read-only: Rails' `has_many :products, through:
 * :orders, source: :products`. One statement per load, joining back to the owner; a target
 * reached twice (a product on two orders) comes back twice, as in Rails without `distinct`.
 * Writes through it fail with `ReadOnlyRelationError`.
 *
 * @example
 * purchasedProducts: hasManyThrough(Product, { through: 'orders', source: 'products' })
 */
export function hasManyThrough(
  modelClass: Target,
  declaration: ThroughDeclaration,
): DerivedRelationMapping {
  return throughMapping(modelClass, declaration, false);
}

/**
 * The one target reached through two to-one relations, read-only (Rails' `has_one :through`):
 * the first one found, or null.
 *
 * @example
 * customer: hasOneThrough(Customer, { through: 'order', source: 'customer' })
 */
export function hasOneThrough(
  modelClass: Target,
  declaration: ThroughDeclaration,
): DerivedRelationMapping {
  return throughMapping(modelClass, declaration, true);
}

/** How deep a recursive relation walks at most: `maxDepth: 1` reads one level. */
export interface RecursiveOptions {
  maxDepth?: number;
}

/**
 * A self-referential relation repeated to any depth, read-only, loaded with one `WITH RECURSIVE`
 * statement: `recursive(Category, 'children')` reads the descendants, nested under each other in
 * this relation's property and ordered by id within each level; `recursive(Category, 'parent')`
 * reads the ancestors, nearest first. A cycle in the data fails the read with `TreeCycleError`.
 *
 * @example
 * descendants: recursive(Category, 'children', { maxDepth: 20 })
 */
export function recursive(
  modelClass: Target,
  step: string,
  options: RecursiveOptions = {},
): DerivedRelationMapping {
  return recursiveMapping(modelClass, step, options.maxDepth);
}
