import type { Model } from 'objection';
import { checkInverses } from './inverse-check';
import { guardRelations } from './relation-accessors';

const guarded = new WeakSet<typeof Model>();
const checked = new WeakSet<typeof Model>();

/**
 * Guards a model's relations for strict loading the first time one of its instances is
 * created. Objection creates instances while it builds a model's relations, so this needs the
 * relation names only, never the relations.
 *
 * @example
 * guardOnFirstInstance(Shop);
 */
export function guardOnFirstInstance(modelClass: typeof Model): void {
  if (guarded.has(modelClass)) return;
  guardRelations(modelClass);
  guarded.add(modelClass);
}

/** `modelClass` and every model it reaches through relations that is not checked yet. */
function uncheckedModelsReachableFrom(modelClass: typeof Model): Array<typeof Model> {
  const found = new Set<typeof Model>();
  const pending = [modelClass];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (found.has(next) || checked.has(next)) continue;
    found.add(next);
    for (const relation of Object.values(next.getRelations())) {
      pending.push(relation.relatedModelClass);
    }
  }
  return [...found];
}

/**
 * Checks the inverses of a model the first time it is queried, together with every model it
 * reaches through relations, as SQLAlchemy configures all its mappers at once. A model whose
 * check fails is not marked checked, so every later query fails the same way.
 *
 * @example
 * checkOnFirstQuery(Shop); // checks Shop, Product, Order and Customer
 */
export function checkOnFirstQuery(modelClass: typeof Model): void {
  if (checked.has(modelClass)) return;
  const models = uncheckedModelsReachableFrom(modelClass);
  models.forEach(checkInverses);
  for (const model of models) checked.add(model);
}
