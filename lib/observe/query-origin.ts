import type { Knex } from 'knex';
import type { AnyQueryBuilder } from 'objection';
import { relationQueryOf } from '../objection/query-relation';

/** Where a statement comes from: the model whose query sent it, and the relation it ran through. */
export interface QueryOrigin {
  /** The model class of the query, e.g. `Product`. */
  model: string;
  /** `Owner.relation` for eager loading and `$relatedQuery`, e.g. `Shop.products`. */
  relation?: string;
}

// Keyed by the knex query builder that runs the statement; knex hands that same object to its
// `start` event, which is how the query recorder finds the origin of each statement.
const origins = new WeakMap<object, QueryOrigin>();

/**
 * An `onBuildKnex` callback that remembers the model and relation a knex query is built for.
 * Every layer query builder registers it.
 *
 * @example
 * Shop.query().onBuildKnex(rememberOrigin);
 */
export function rememberOrigin(knexQuery: Knex.QueryBuilder, query: AnyQueryBuilder): void {
  const through = relationQueryOf(query)?.relation;
  origins.set(knexQuery, {
    model: query.modelClass().name,
    ...(through ? { relation: `${through.ownerModelClass.name}.${through.name}` } : {}),
  });
}

/**
 * Remembers that a knex query the layer builds itself (a set-based graph write) is `modelClass`'s,
 * read through `relation` (`Shop.products`) when it reads related rows.
 *
 * @example
 * rememberModelOrigin(knex('products').insert(rows), Product);
 */
export function rememberModelOrigin(
  knexQuery: Knex.QueryBuilder | Knex.Raw,
  modelClass: { name: string },
  relation?: string,
): void {
  origins.set(knexQuery, { model: modelClass.name, ...(relation ? { relation } : {}) });
}

/**
 * Remembers that a knex query the layer builds itself loads `relation` (eager loading), as
 * `rememberOrigin` names a relation query Objection builds.
 *
 * @example
 * rememberRelationOrigin(knex('products').whereIn('shop_id', ids), Shop.getRelation('products'));
 */
export function rememberRelationOrigin(
  knexQuery: Knex.QueryBuilder,
  relation: {
    name: string;
    ownerModelClass: { name: string };
    relatedModelClass: { name: string };
  },
): void {
  origins.set(knexQuery, {
    model: relation.relatedModelClass.name,
    relation: `${relation.ownerModelClass.name}.${relation.name}`,
  });
}

/**
 * The origin remembered for a knex query builder; `undefined` for raw SQL and plain knex queries.
 *
 * @example
 * knex.on('start', (builder) => console.log(originOf(builder)?.relation));
 */
export function originOf(knexQuery: unknown): QueryOrigin | undefined {
  return typeof knexQuery === 'object' && knexQuery !== null ? origins.get(knexQuery) : undefined;
}
