import type { AnyQueryBuilder, Model, QueryBuilder } from 'objection';
import { matchRowsOfConflictInserts } from './conflict-inserts';
import { useEmptyKeyListsAsNothing } from './empty-key-lists';
import { useKnownGraphOptionsOnly } from './graph-options';
import { escapeJsonFieldKeys } from './json-field-keys';
import { refuseMisplacedFor } from './misplaced-for';
import { useOwnerKeyedChildren } from './owner-keyed-children';
import { groupFiltersUnderOwner } from './owner-condition';
import { writeChangedJsonValues } from './unchanged-values';

export { objectionExecuteOnBuild } from '../operation-internals';
export { refuseMisplacedFor } from './misplaced-for';

/**
 * The fixes that act on a query as it builds, once its operations are in place and before they
 * add their clauses: a `for()` Objection would ignore is refused, a relation query's own filters
 * are grouped under its owner condition, and an insert with `onConflict()` is made to give its
 * rows to the right models.
 *
 * @example
 * fixQueryBeforeItBuilds(shop.$relatedQuery('products').where('name', 'a').orWhere('name', 'b'));
 */
export function fixQueryBeforeItBuilds(builder: AnyQueryBuilder): void {
  refuseMisplacedFor(builder);
  groupFiltersUnderOwner(builder);
  matchRowsOfConflictInserts(builder);
}

/**
 * The fixes of Objection 3.1.5's bugs that the README lists, for the builders of `prototype`
 * (empty key lists, owner-keyed children of graph writes, unknown graph options), and, once per
 * process, in Objection's shared code (escaped JSON keys, the upsert's value comparison).
 *
 * @example
 * useObjectionFixes(LayerQueryBuilder.prototype);
 */
export function useObjectionFixes(prototype: QueryBuilder<Model>): void {
  useEmptyKeyListsAsNothing(prototype);
  useOwnerKeyedChildren(prototype);
  useKnownGraphOptionsOnly(prototype);
  escapeJsonFieldKeys();
  writeChangedJsonValues();
}
