import type { Knex } from 'knex';
import type { Model } from 'objection';
import { tableNameOf } from '../objection/query-internals';
import { relationFacts } from '../objection/relation-facts';
import { rememberRelationOrigin } from '../query-origin';
import { type EagerRelation, type RelationKey, ownerKeyAlias } from '../objection/eager-internals';

// How Objection tells owner key values apart when it lists them once (`uniqBy` with `join`):
// by their text, null and undefined as the empty text.
function listedText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return Buffer.isBuffer(value) ? value.toString('hex') : `${value as string}`;
}

/**
 * The owner key values a relation query looks for, as Objection lists them for one-column keys:
 * once per text (the last value of a text, where the text first appears), without null and
 * undefined. `undefined` when no owner has a value: Objection then sends no query at all and
 * loads the relation as empty.
 *
 * @example
 * ownerKeyValues(shops, relation.ownerProp) // [1, 2, 3]
 */
export function ownerKeyValues(owners: readonly Model[], key: RelationKey): unknown[] | undefined {
  const byText = new Map<string, unknown>();
  let hasValue = false;
  for (const owner of owners) {
    const value = key.getProp(owner, 0);
    if (value !== null && value !== undefined) hasValue = true;
    byText.set(listedText(value), value);
  }
  if (!hasValue) return undefined;
  const values: unknown[] = [];
  for (const value of byText.values()) {
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/**
 * The statement Objection sends to load `relation` (one-column keys, no modifiers) for the
 * owners whose key is one of `values`, built on knex directly, and named for `recordQueries`:
 *
 *   select "products".* from "products" where "products"."shop_id" in (…)
 *   select "tags".*, "post_tags"."post_id" as "objectiontmpjoin0" from "tags"
 *     inner join "post_tags" on "tags"."id" = "post_tags"."tag_id" where "post_tags"."post_id" in (…)
 *
 * A many-to-many row carries its owner's key as `ownerKeyAlias(0)`, after the join-table
 * extras (`"order_items"."quantity" as "quantity"`).
 *
 * @example
 * const rows = await relationQuery(knex, Shop.getRelation('products'), [1, 2, 3]);
 */
export function relationQuery(
  knex: Knex,
  relation: EagerRelation,
  values: readonly unknown[],
): Knex.QueryBuilder {
  const facts = relationFacts(relation);
  const table = tableNameOf(facts.relatedModelClass);
  const list = values as readonly Knex.Value[];
  const relatedColumn = `${table}.${relation.relatedProp.cols[0]!}`;
  let query: Knex.QueryBuilder;
  if (facts.kind === 'manyToMany') {
    const { joinTable, extras } = facts;
    const ownerColumn = `${joinTable}.${relation.joinTableOwnerProp.cols[0]!}`;
    query = knex(table)
      .select(
        `${table}.*`,
        ...extras.map(({ column, alias }) => `${joinTable}.${column} as ${alias}`),
        `${ownerColumn} as ${ownerKeyAlias(0)}`,
      )
      .join(joinTable, relatedColumn, `${joinTable}.${relation.joinTableRelatedProp.cols[0]!}`)
      .whereIn(ownerColumn, list);
  } else {
    query = knex(table).select(`${table}.*`).whereIn(relatedColumn, list);
  }
  rememberRelationOrigin(query, relation);
  return query;
}
