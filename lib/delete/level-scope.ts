import type { Knex } from 'knex';
import type { Relation } from 'objection';
import { dialectOf } from '../database/config';
import { dependentKeyOf, type Key, ownerKeyOf } from './relation-keys';

/**
 * Which rows of `table` a level of a delete covers: those whose `column` holds one of `keys`.
 * The keys are listed (read from the database: the targeted ids) or selected by a subquery over
 * the level above (`books.author_id IN (SELECT authors.id FROM authors WHERE …)`), so that a
 * cascade is walked in SQL without reading its rows.
 */
export interface LevelScope {
  table: string;
  column: string;
  keys: readonly Key[] | ((knex: Knex) => Knex.QueryBuilder);
  /** For polymorphic children: only the rows whose type column holds the owner's type. */
  discriminator?: { column: string; value: string };
}

/**
 * The condition selecting the rows of `scope`, for any query's `where`. A listed scope binds its
 * keys as one parameter, however many there are (see `Dialect.keyListCondition`).
 *
 * @example
 * await trx('books').where(inScope(trx, { table: 'books', column: 'author_id', keys: [1, 2] })).delete();
 */
export function inScope(knex: Knex, scope: LevelScope): Knex.Raw {
  const column = `${scope.table}.${scope.column}`;
  const keys =
    typeof scope.keys === 'function'
      ? knex.raw('?? in ?', [column, scope.keys(knex)])
      : keyList(knex, column, scope.keys);
  if (!scope.discriminator) return keys;
  const { column: typeColumn, value } = scope.discriminator;
  return knex.raw('(? and ?? = ?)', [keys, `${scope.table}.${typeColumn}`, value]);
}

function keyList(knex: Knex, column: string, keys: readonly Key[]): Knex.Raw {
  const { sql, binding } = dialectOf(knex).keyListCondition(keys);
  return knex.raw(sql, [column, binding as Knex.RawBinding]);
}

/** The values `column` takes in the rows of `scope`: its own keys, or a subquery selecting them. */
function valuesIn(scope: LevelScope, column: string): LevelScope['keys'] {
  if (column === scope.column && typeof scope.keys !== 'function' && !scope.discriminator)
    return scope.keys;
  const { table } = scope;
  return (knex) => knex(table).select(`${table}.${column}`).where(inScope(knex, scope));
}

/**
 * The rows that depend, through `relation`, on the rows of `scope` (its owner's): the related
 * rows of a HasMany or HasOne, the join rows of a ManyToMany.
 *
 * @example
 * dependentScope({ table: 'authors', column: 'id', keys: [1] }, Author.getRelation('books'))
 * // { table: 'books', column: 'author_id', keys: [1] }
 */
export function dependentScope(scope: LevelScope, relation: Relation): LevelScope {
  const { table, column, discriminator } = dependentKeyOf(relation);
  const keys = valuesIn(scope, ownerKeyOf(relation));
  return discriminator ? { table, column, keys, discriminator } : { table, column, keys };
}
