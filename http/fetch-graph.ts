import type { AnyQueryBuilder } from 'objection';
import { pathsOf, type RelationTree, toExpression } from './relation-tree';

/** Orders rows by id, so that pages and included lists come back the same every time. */
export function orderById<QB extends AnyQueryBuilder>(query: QB): QB {
  const modelClass = query.modelClass();
  return query.orderBy(`${query.tableRefFor(modelClass)}.${String(modelClass.idColumn)}`) as QB;
}

/**
 * Loads the relations of `tree` with the rows: one query per relation level, however many rows
 * (no N+1), each level ordered by id.
 */
export function withIncluded<QB extends AnyQueryBuilder>(query: QB, tree: RelationTree): QB {
  if (Object.keys(tree).length === 0) return query;
  query.withGraphFetched(toExpression(tree));
  for (const path of pathsOf(tree)) query.modifyGraph(path, (related) => orderById(related));
  return query;
}
