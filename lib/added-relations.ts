import type { Model, RelationMappings } from 'objection';
import { InvalidExtensionError } from './errors';
import { hasResolvedRelations } from './objection/query-internals';
import type { RelationDeclaration } from './relations';

type MappingsOrThunk = RelationMappings | (() => RelationMappings) | null | undefined;

function resolve(modelClass: typeof Model, mappings: MappingsOrThunk): RelationMappings {
  return (typeof mappings === 'function' ? mappings.call(modelClass) : mappings) ?? {};
}

/**
 * Adds relations to a model declared elsewhere, such as a package's `Product`, as if its own
 * `relationMappings` declared them: every part of the layer reads them there, so every model
 * that points at it sees them (includes, `$relatedQuery`, the checked inverses, the delete
 * policies and hooks of a cascade, the REST API and its OpenAPI document). The relations are a
 * thunk, like `relationMappings`, so the two models' files may import each other.
 *
 * Call it where your model is declared, before the extended model is first used (queried, served,
 * or its relations read): Objection reads a model's relations once. It throws
 * `InvalidExtensionError` when the model is in use already, and on first use when the model
 * declares a relation by the same name. To type the new property, augment the model's class.
 *
 * @example
 * addRelations(Product, () => ({
 *   reviews: hasMany(Review, { from: 'products.id', to: 'reviews.product_id', inverse: 'product', onDelete: 'cascade' }),
 * }));
 * declare module 'relational-layer/demo' {
 *   interface Product { reviews?: Review[] }
 * }
 */
export function addRelations(
  modelClass: typeof Model,
  relations: () => Record<string, RelationDeclaration>,
): void {
  const describe = () => Object.keys(relations());
  if (hasResolvedRelations(modelClass)) {
    throw new InvalidExtensionError(
      modelClass.name,
      describe(),
      `Cannot add relations to ${modelClass.name}: it is in use already, and its relations were ` +
        'read; add them where your models are declared, before the first query',
    );
  }
  const declared: MappingsOrThunk = modelClass.relationMappings;
  // Objection calls it on the class that reads it, which may be a subclass; some readers of the
  // layer call it bare.
  modelClass.relationMappings = function relationMappingsWithAdded(
    this: typeof Model | undefined,
  ): RelationMappings {
    const own = resolve(this ?? modelClass, declared);
    const added = relations();
    const clashes = Object.keys(added).filter((name) => Object.hasOwn(own, name));
    if (clashes.length > 0) {
      throw new InvalidExtensionError(
        modelClass.name,
        Object.keys(added),
        `Cannot add ${clashes.map((name) => `${modelClass.name}.${name}`).join(', ')}: ` +
          `${modelClass.name} declares a relation by that name already`,
      );
    }
    return { ...own, ...added };
  };
}
