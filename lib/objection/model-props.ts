import type { Model } from 'objection';

/**
 * A model's properties, read and written as a record: its columns, and its relations when they
 * are own properties. Objection's `Model` declares none of them, so every path that reads a
 * model by property name reads it through this one cast.
 *
 * @example
 * propsOf(product).name // 'Rice'
 */
export function propsOf(model: Model): Record<string, unknown> {
  return model as unknown as Record<string, unknown>;
}
