import type { Knex } from 'knex';
import type { Model, ModelClass, Relation } from 'objection';
import { relationFacts } from '../objection/relation-facts';
import { tableNameOf } from '../objection/query-internals';
import { deletePoliciesOf } from './delete-policies';
import { inScope, type LevelScope } from './level-scope';
import type { Key } from './relation-keys';

const SUBTREE = 'layer_subtree';

/**
 * The cascade of `modelClass` to its own table (a tree's `children`), if it declares one with
 * one-column keys. Its rows are deleted as one set, read with one recursive statement, rather
 * than level by level: deleting a category with 1,000 descendants is a constant number of
 * statements however deep the tree.
 *
 * @example
 * selfCascadeOf(Category)?.name // 'children'
 */
export function selfCascadeOf(modelClass: ModelClass<Model>): Relation | undefined {
  return deletePoliciesOf(modelClass).find(({ relation, policy }) => {
    if (policy !== 'cascade') return false;
    const facts = relationFacts(relation);
    return (
      (facts.kind === 'hasMany' || facts.kind === 'hasOne') &&
      facts.ownerKey !== null &&
      facts.relatedKey !== null &&
      tableNameOf(facts.relatedModelClass) === tableNameOf(modelClass)
    );
  })?.relation;
}

/**
 * The owner keys of the rows in `scope` and of every row below them through `relation`, in
 * one `WITH RECURSIVE` statement. `UNION` (not `UNION ALL`) drops a row met twice, so a cycle in
 * the data ends the walk. The rows are locked until the commit where the database can lock a
 * recursive read (PostgreSQL locks them when the level is read again).
 */
export async function subtreeKeys(
  transaction: Knex,
  scope: LevelScope,
  relation: Relation,
): Promise<Key[]> {
  const { ownerKey, relatedKey } = relationFacts(relation);
  const table = scope.table;
  const owner = ownerKey!.col;
  const related = relatedKey!.col;
  const rows: Array<Record<string, Key>> = await transaction
    .withRecursive(SUBTREE, ['key'], (anchor) =>
      anchor
        .select(`${table}.${owner}`)
        .from(table)
        .where(inScope(transaction, scope))
        .union((step) =>
          step
            .select(`below.${owner}`)
            .from(`${table} as below`)
            .join(`${SUBTREE} as above`, `below.${related}`, 'above.key'),
        ),
    )
    .select('key')
    .from(SUBTREE)
    .orderBy('key');
  return rows.map((row) => row.key!);
}
