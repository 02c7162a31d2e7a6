import type { AnyQueryBuilder } from 'objection';
import { relationQueryOf } from '../query-relation';
import {
  type BuilderOperation,
  moveIntoWhereGroup,
  ownFilterOperations,
} from '../operation-internals';

// The groups this module made: a query built twice keeps one group, not a group in a group.
const filterGroups = new WeakSet<object>();

function isFilterGroup(operation: BuilderOperation): boolean {
  return filterGroups.has(operation.args?.[0] as object);
}

/** Whether `value` is SQL written by hand (`raw()`, `knex.raw()`), which may hold an `or`. */
function isRawSql(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { isRawInstance?: unknown; constructor?: { name?: unknown } };
  return candidate.isRawInstance === true || candidate.constructor?.name === 'RawBuilder';
}

/**
 * Whether a filter can only narrow the query, ANDed to the owner condition as it stands: not an
 * `or…` clause, no SQL written by hand. (A callback is grouped in parentheses by knex itself.)
 */
function onlyNarrows(operation: BuilderOperation): boolean {
  if (/^or/.test(operation.name) || /Raw$/.test(operation.name)) return false;
  return !(operation.args ?? []).some(isRawSql);
}

/**
 * Objection puts a relation query's owner condition (`products.shop_id in (1)`, on the join
 * table for a many-to-many relation, `= shops.id` for a subquery) next to the query's own where
 * clauses, without parentheses: `shop.$relatedQuery('products').where('name', 'a')
 * .orWhere('name', 'b')` reads `shop_id in (1) and name = 'a' or name = 'b'`, which finds
 * another shop's "b", and the same query with `delete()` or `patch()` writes it
 * (objection#2191, #1909). Called as the query builds, before its operations add their
 * clauses, this moves the query's own filters into one group when one of them could widen it
 * (an `or…` clause, SQL written by hand), so that every statement reads `owner condition and
 * (the query's filters)`, as `where((q) => …)` written by hand would.
 * Queries that do not run through a relation are left as they are.
 *
 * @example
 * await shop.$relatedQuery('products').where('name', 'a').orWhere('name', 'b').patch({ price: 9 });
 * // update products set … where products.shop_id in (1) and (name = ? or name = ?)
 */
export function groupFiltersUnderOwner(builder: AnyQueryBuilder): void {
  if (relationQueryOf(builder)) groupWideningFilters(builder);
}

/**
 * Moves the query's own filters into one group when one of them could widen it (an `or…`
 * clause, SQL written by hand), so that a condition added after them narrows the whole query:
 * `where a or b` becomes `where (a or b)`, and a chain of ANDs stays as it is.
 *
 * @example
 * groupWideningFilters(Product.query().where('name', 'a').orWhere('name', 'b'));
 */
export function groupWideningFilters(builder: AnyQueryBuilder): void {
  const filters = ownFilterOperations(builder);
  if (filters.length === 0 || (filters.length === 1 && isFilterGroup(filters[0]!))) return;
  // A chain of ANDs needs no parentheses: the statement stays as Objection writes it.
  if (filters.every(onlyNarrows)) return;
  moveIntoWhereGroup(builder, filters, (group) => filterGroups.add(group));
}
