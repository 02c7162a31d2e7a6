import type { Model } from 'objection';
import { RelationNotLoadedError } from '../errors';
import { relationNamesOf } from '../objection/model-internals';
import { areUnloadedReadsAllowed } from './unloaded-reads';

/** Whether `model`'s class (or a base class) keeps strict loading on: `strictLoading`. */
function isStrictlyLoaded(model: object): boolean {
  return (model.constructor as { strictLoading?: boolean }).strictLoading !== false;
}

/**
 * Makes every relation of `modelClass` strict (unless the class sets `strictLoading = false`): an accessor on the prototype answers reads of a
 * relation the instance does not hold (it was never loaded) with `RelationNotLoadedError`, and
 * turns any assignment into an own, enumerable property, so Objection's loaders, `fromJson`,
 * `$setRelated` and plain assignment all mark the relation loaded, and `toJSON`, which walks own
 * properties, leaves unloaded relations out. `delete model.relation` unloads it again; assigning
 * `undefined` to an unloaded relation leaves it unloaded, as Objection takes `undefined` to mean
 * "not given".
 *
 * Models declare relation properties with `declare` and compile without
 * `useDefineForClassFields`, so no instance holds a relation until something sets it.
 *
 * @example
 * guardRelations(Shop);
 * (await Shop.query().first())!.products; // throws RelationNotLoadedError
 */
export function guardRelations(modelClass: typeof Model): void {
  const prototype: object = modelClass.prototype;
  for (const relation of relationNamesOf(modelClass)) {
    if (Object.hasOwn(prototype, relation)) continue;
    Object.defineProperty(prototype, relation, {
      configurable: true,
      // Not enumerable, so `for…in` (deep-equality helpers, loggers) never trips it.
      enumerable: false,
      get(this: object): undefined {
        if (areUnloadedReadsAllowed() || !isStrictlyLoaded(this)) return undefined;
        throw new RelationNotLoadedError(modelClass.name, relation);
      },
      set(this: object, value: unknown) {
        if (value === undefined) return;
        Object.defineProperty(this, relation, {
          value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      },
    });
  }
}

/**
 * Whether `model` holds `relation`: loaded by a graph fetch, a graph write, `fromJson` or an
 * assignment. A loaded relation may still be empty (`[]`) or missing (`null`).
 *
 * @example
 * isRelationLoaded(shop, 'products') // false until withGraphFetched('products') or alike
 */
export function isRelationLoaded(model: object, relation: string): boolean {
  return Object.hasOwn(model, relation);
}
