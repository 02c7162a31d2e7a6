import type { Knex } from 'knex';
import { NPlusOneError } from '../errors';
import { recordQueries, type RecordedQuery } from './query-recorder';

/** One statement shape read more often than the threshold allows. */
export interface NPlusOneFinding {
  /** The statement with its values and value lists collapsed: `… where "shop_id" in (?)`. */
  shape: string;
  /** How many times it ran. */
  count: number;
  /** The model whose query ran it, when a model query did. */
  model?: string;
  /** The relation it ran through, as `Owner.relation` (`Shop.products`), when it did. */
  relation?: string;
}

/** How `detectNPlusOne`, `findNPlusOne` and `forbidNPlusOne` judge a unit of work. */
export interface NPlusOneOptions {
  /** How many times one read may run before it is reported (more than this is reported). */
  threshold?: number;
}

/**
 * More than ten identical reads in one unit of work is a loop that wants an eager load.
 *
 * @example
 * await forbidNPlusOne(knex, work, { threshold: DEFAULT_N_PLUS_ONE_THRESHOLD * 2 });
 */
export const DEFAULT_N_PLUS_ONE_THRESHOLD = 10;

/**
 * The shape of a statement: what stays the same when only its values change. Placeholders,
 * literals and value lists collapse, so `in (?)` and `in (?, ?, ?)` are the same shape.
 *
 * @example
 * statementShape('select * from "products" where "shop_id" in ($1, $2)')
 * // 'select * from "products" where "shop_id" in (?)'
 */
export function statementShape(sql: string): string {
  return sql
    .replace(/\$\d+/g, '?')
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/(?<![\w$."`\]])\d+(?:\.\d+)?(?![\w"`])/g, '?')
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?)')
    .replace(/\(\?\)(?:\s*,\s*\(\?\))+/g, '(?)')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const READ = /^(select|with)\b/;

/**
 * The reads among `queries` whose shape repeats more than `threshold` times, most repeated
 * first. Only reads count: a write repeated in a loop wants batching, not eager loading.
 *
 * @example
 * const { queries } = await recordQueries(knex, handler);
 * findNPlusOne(queries, { threshold: 5 }) // [{ relation: 'Shop.products', count: 20, … }]
 */
export function findNPlusOne(
  queries: readonly RecordedQuery[],
  { threshold = DEFAULT_N_PLUS_ONE_THRESHOLD }: NPlusOneOptions = {},
): NPlusOneFinding[] {
  const byShape = new Map<string, NPlusOneFinding>();
  for (const query of queries) {
    const shape = statementShape(query.sql);
    if (!READ.test(shape)) continue;
    const finding = byShape.get(shape) ?? { shape, count: 0 };
    finding.count += 1;
    finding.model ??= query.model;
    finding.relation ??= query.relation;
    byShape.set(shape, finding);
  }
  return [...byShape.values()]
    .filter((finding) => finding.count > threshold)
    .map(({ shape, count, model, relation }) => ({
      shape,
      count,
      ...(model ? { model } : {}),
      ...(relation ? { relation } : {}),
    }))
    .sort((a, b) => b.count - a.count);
}

/**
 * Runs `fn` as one unit of work (a request, a job) and reports the reads it repeated once per
 * parent, with the model and relation at fault.
 *
 * @example
 * const { findings } = await detectNPlusOne(knex, async () => {
 *   for (const shop of await Shop.query()) await shop.$relatedQuery('products');
 * });
 * findings[0] // { relation: 'Shop.products', model: 'Product', count: 20, shape: 'select …' }
 */
export async function detectNPlusOne<T>(
  knex: Knex,
  fn: () => T,
  options: NPlusOneOptions = {},
): Promise<{ result: Awaited<T>; queries: RecordedQuery[]; findings: NPlusOneFinding[] }> {
  const { result, queries } = await recordQueries(knex, fn);
  return { result, queries, findings: findNPlusOne(queries, options) };
}

/**
 * Like `detectNPlusOne`, but fails with an `NPlusOneError` naming every finding; for tests and
 * for development servers that should refuse N+1 queries outright.
 *
 * @example
 * const shops = await forbidNPlusOne(knex, () => Shop.query().withGraphFetched('products'));
 */
export async function forbidNPlusOne<T>(
  knex: Knex,
  fn: () => T,
  options: NPlusOneOptions = {},
): Promise<Awaited<T>> {
  const { result, findings } = await detectNPlusOne(knex, fn, options);
  if (findings.length > 0) throw new NPlusOneError(findings);
  return result;
}
