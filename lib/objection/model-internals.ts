import { Model, type ModelClass } from 'objection';

// Objection 3.1.5 has these at runtime, and uses them itself, but leaves them out of its
// typings; this is the one place that reaches for them.
interface ModelClassInternals {
  getRelationNames(): string[];
  getRelationMappings(): Record<string, { inverse?: unknown }>;
  ensureModel(...args: unknown[]): unknown;
}

function internalsOf(modelClass: typeof Model | ModelClass<Model>): ModelClassInternals {
  return modelClass as unknown as ModelClassInternals;
}

/**
 * The names of a model's relations, without building the relations themselves.
 *
 * @example
 * relationNamesOf(User); // ['posts', 'profile']
 */
export function relationNamesOf(modelClass: typeof Model | ModelClass<Model>): string[] {
  return internalsOf(modelClass).getRelationNames();
}

/**
 * The `inverse` a relation's declaration names, if any (see `RelationDeclaration`).
 *
 * @example
 * declaredInverseOf(Shop, 'products'); // 'shop'
 */
export function declaredInverseOf(modelClass: typeof Model, relation: string): string | undefined {
  const inverse = internalsOf(modelClass).getRelationMappings()[relation]?.inverse;
  return typeof inverse === 'string' ? inverse : undefined;
}

/**
 * Objection's own `Model.ensureModel`, before any subclass wraps it.
 *
 * @example
 * objectionEnsureModel.apply(Shop, [{ name: 'Corner Bakery' }]); // a Shop
 */
export const objectionEnsureModel = internalsOf(Model).ensureModel;
