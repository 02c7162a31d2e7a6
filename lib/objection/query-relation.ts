import type { Relation } from 'objection';

/** The part of a query builder this module reads: any Objection builder has it. */
export interface InspectableBuilder {
  modelClass(): { name: string };
}

/** A query that runs through a relation: eager loading, `$relatedQuery`, `relatedQuery().for()`. */
export interface RelationQuery {
  relation: Relation;
  /**
   * Whether the query runs on its own. A `relatedQuery()` used as a subquery of another query
   * is not standalone: it only adds a condition on its parent's rows.
   */
  isStandalone: boolean;
}

// Objection keeps the relation on the operation that runs the query through it (its own static
// hooks read `args.relation` the same way). Neither the operations nor `findOperation` are in
// its typings; Objection is pinned to 3.1.5, and the tests cover every kind of relation query.
interface RelationOperation {
  relation: Relation;
  owner?: { isReference?: boolean };
}

interface BuilderInternals {
  findOperation(selector: (operation: Partial<RelationOperation>) => boolean): unknown;
}

/**
 * The relation a query builder runs through, or `undefined` for a query on a model's table.
 *
 * The operation is in place once the query builds, so read it from a build hook:
 *
 * @example
 * shop.$relatedQuery('products').onBuildKnex((knexQuery, query) => {
 *   relationQueryOf(query)?.relation.name; // 'products'
 * });
 */
export function relationQueryOf(builder: InspectableBuilder): RelationQuery | undefined {
  const operation = (builder as unknown as BuilderInternals).findOperation(
    (candidate) => candidate.relation !== undefined && candidate.owner !== undefined,
  ) as RelationOperation | null;
  if (!operation) return undefined;
  return { relation: operation.relation, isStandalone: operation.owner?.isReference !== true };
}
