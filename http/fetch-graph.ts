import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model } from 'objection';
import type { ResourceModel } from './options';
import { pathsOf, type RelationTree, toExpression } from './relation-tree';
import { type RelationInfo, relationOf } from './relations';

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

/**
 * The row of `model` with id `id` and the relations of `tree` (which `isJoinable` accepts), in
 * one statement, so that it reads one consistent state without a transaction. Included lists
 * are ordered by id, as `withIncluded` orders them.
 */
export async function findJoined(
  model: ResourceModel,
  knex: Knex,
  id: number,
  tree: RelationTree,
): Promise<Model | undefined> {
  // findByIds, not findById: `first()` would add LIMIT 1, which a join must not have.
  const query = model.query(knex).findByIds([id]);
  if (Object.keys(tree).length > 0) {
    query.withGraphJoined(toExpression(tree));
    // Objection aliases a joined relation by its path, `products:orders` for `products.orders`.
    for (const path of pathsOf(tree)) {
      const relation = relationAt(model, path);
      if (relation.isToMany) {
        query.orderBy(`${path.replaceAll('.', ':')}.${String(relation.target.idColumn)}`);
      }
    }
  }
  const [row] = await query;
  return row;
}

/** The relation a dotted path from `model` ends with; the path was checked when it was parsed. */
function relationAt(model: ResourceModel, path: string): RelationInfo {
  let owner = model;
  let relation: RelationInfo | undefined;
  for (const name of path.split('.')) {
    relation = relationOf(owner, name)!;
    owner = relation.target;
  }
  return relation!;
}
