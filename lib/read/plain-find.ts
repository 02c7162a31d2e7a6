import { type Model, type ModelClass } from 'objection';
import { asBuilder, isPlainRead, runBuiltQuery, toModels } from './plain-read';

/**
 * Whether `builder` is a plain read: a select whose operations only build SQL (where, orderBy,
 * limit, findById, first, …), with no find hooks on the model, no eager loading, no
 * runBefore/runAfter/onError and no relation query. Objection then runs nothing but building the
 * query, running it and making models, which `runPlainFind` does without its pipeline.
 *
 * @example
 * isPlainFind(Product.query().findById(7)) // true
 * isPlainFind(Shop.query().withGraphFetched('products')) // false
 */
export function isPlainFind(query: object): boolean {
  return isPlainRead(asBuilder(query));
}

/**
 * Runs a plain read (see `isPlainFind`): the SQL Objection builds, and models made from the rows
 * as Objection makes them. Objection's pipeline around it (a dozen promise hops, find-hook
 * arguments, after-find calls on every model) costs as much as knex itself for one-row reads.
 *
 * @example
 * if (isPlainFind(builder)) return runPlainFind(builder); // Product.query().findById(7)
 */
export async function runPlainFind(query: object): Promise<unknown> {
  const builder = asBuilder(query);
  const rows = await runBuiltQuery(builder);
  toModels(rows, builder.modelClass() as ModelClass<Model>);
  return Array.isArray(rows) && builder.has('first') ? rows[0] : rows;
}
