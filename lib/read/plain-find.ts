import { asBuilder, isPlainRead } from './plain-read';

/**
 * Whether `builder` is a plain read: a select whose operations only build SQL (where, orderBy,
 * limit, findById, first, …), with no find hooks on the model, no eager loading, no
 * runBefore/runAfter/onError and no relation query. Objection then runs nothing but building the
 * query, running it and making models; a bare `findById` among them the layer reads itself
 * (`read/find-by-id.ts`). Reading the other plain reads without Objection's pipeline saved less
 * than 15 % CPU, and they go through it (docs/performance.md).
 *
 * @example
 * isPlainFind(Product.query().findById(7)) // true
 * isPlainFind(Shop.query().withGraphFetched('products')) // false
 */
export function isPlainFind(query: object): boolean {
  return isPlainRead(asBuilder(query));
}
