import type { Knex } from 'knex';
import type { Relation } from 'objection';
import { tableNameOf } from '../objection/query-internals';
import { relationFacts, unhandledKind } from '../objection/relation-facts';
import { softDeleteOf } from '../soft-delete/soft-delete';
import type { LevelScope } from './level-scope';

/**
 * The condition that a dependent row `relation` leads to (in `dependents`, the rows `query`
 * reads) is live: the related row is not soft-deleted; for a many-to-many relation, the join row
 * links a live target, whose table it joins to `query`. Undefined when the related model is not
 * soft-deletable: every dependent is live.
 */
export function liveDependents(
  knex: Knex,
  query: Knex.QueryBuilder,
  relation: Relation,
  dependents: LevelScope,
): Knex.Raw | undefined {
  const columns = softDeleteOf(relation.relatedModelClass);
  if (!columns) return undefined;
  const facts = relationFacts(relation);
  switch (facts.kind) {
    case 'hasMany':
    case 'hasOne':
    case 'belongsToOne':
    case 'morphMany':
    case 'morphOne':
      return knex.raw('?? is null', [`${dependents.table}.${columns.column}`]);
    case 'manyToMany': {
      const related = tableNameOf(facts.relatedModelClass);
      const { relatedKey, joinTableRelatedKey } = facts;
      if (!relatedKey || !joinTableRelatedKey) {
        throw new Error(`delete policies support single-column keys only (${facts.qualifiedName})`);
      }
      query.leftJoin(
        related,
        `${related}.${relatedKey.col}`,
        `${dependents.table}.${joinTableRelatedKey.col}`,
      );
      return knex.raw('?? is null', [`${related}.${columns.column}`]);
    }
    case 'through':
    case 'recursive':
      throw new Error(
        `${facts.qualifiedName} is a read-only ${facts.kind} relation, which has no delete policy`,
      );
    case 'morphTo':
      throw new Error(`delete policies do not support ${facts.qualifiedName}, a morphTo`);
    case 'unsupported':
      throw new Error(
        `delete policies do not support ${facts.qualifiedName}, a ${facts.className}`,
      );
    default:
      return unhandledKind(facts);
  }
}
