import type { AnyQueryBuilder } from 'objection';
import { idColumnOf } from '../lib';
import type { ResourceModel } from './options';
import { pathsOf, type RelationTree, toExpression } from './relation-tree';
import { type RelationInfo, relationOf } from './relations';

/** Orders rows by id, so that pages and included lists come back the same every time. */
export function orderById<QB extends AnyQueryBuilder>(query: QB): QB {
  const modelClass = query.modelClass();
  return query.orderBy(`${query.tableRefFor(modelClass)}.${String(idColumnOf(modelClass))}`) as QB;
}

/**
 * Loads the relations of `tree` with the rows: one query per relation level, however many rows
 * (no N+1), each level ordered by id.
 */
export function withIncluded<QB extends AnyQueryBuilder>(query: QB, tree: RelationTree): QB {
  if (Object.keys(tree).length === 0) return query;
  query.withGraphFetched(toExpression(tree));
  // A morphTo's owner is one row per child; its per-type queries take no modifier.
  for (const path of pathsOf(tree).filter((path) => !isBelowMorphTo(query, path)))
    query.modifyGraph(path, (related) => orderById(related));
  return query;
}

/** Whether the relation at `path` from the query's model is a morphTo. */
function isBelowMorphTo(query: AnyQueryBuilder, path: string): boolean {
  let model = query.modelClass() as ResourceModel;
  let relation: RelationInfo | undefined;
  for (const name of path.split('.')) {
    relation = relationOf(model, name);
    if (!relation) return false;
    model = relation.target;
  }
  return relation?.isPolymorphicTarget ?? false;
}

/**
 * Whether one row with the relations of `tree` can be read in one statement, a join, without
 * the join multiplying rows beyond the data itself: the tree's to-many relations must lie on one
 * path. Two to-many branches would pair their rows up (an order's products × its customer's
 * orders); a chain of them (a shop's products, their orders) yields the deepest level's rows.
 */
export function isJoinable(model: ResourceModel, tree: RelationTree): boolean {
  const branches = Object.entries(tree).map(([name, subtree]) => {
    const relation = relationOf(model, name)!;
    return { relation, subtree, isToMany: hasToMany(relation, subtree) };
  });
  return (
    branches.filter((branch) => branch.isToMany).length <= 1 &&
    branches.every(({ relation }) => !relation.isReadOnly) &&
    // A morphTo's rows are in several tables: one query per type, never a join.
    branches.every(({ relation }) => !relation.isPolymorphicTarget) &&
    branches.every(({ relation, subtree }) => isJoinable(relation.target, subtree))
  );
}

/** Whether `relation`, or a relation of `subtree` below it, is to-many. */
function hasToMany(relation: RelationInfo, subtree: RelationTree): boolean {
  return (
    relation.isToMany ||
    Object.entries(subtree).some(([name, below]) =>
      hasToMany(relationOf(relation.target, name)!, below),
    )
  );
}
