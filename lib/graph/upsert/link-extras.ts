import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass, Relation, UpsertGraphOptions } from 'objection';
import { isLinkOnly } from '../../relations';
import { relationPathsOf } from '../relation-paths';
import {
  coveredJoinTableOf,
  coveredKeysOf,
  hasId,
  mentionedChildrenOf,
  propsOf,
} from './graph-nodes';

function isListed(option: unknown, path: string): boolean {
  return option === true || (Array.isArray(option) && option.includes(path));
}

/** The relation paths of the graph whose relation only links its targets (`isLinkOnly`). */
function linkOnlyPathsOf(modelClass: ModelClass<Model>, graph: unknown): string[] {
  return relationPathsOf(modelClass, graph)
    .filter(({ ownerModelClass, relationName }) =>
      isLinkOnly(ownerModelClass.getRelation(relationName)),
    )
    .map(({ path }) => path);
}

/**
 * Objection's upsert options that keep the linked targets of the graph as they are: its upsert
 * patches every many-to-many node it keeps or relates, target row included (`updated_at` at
 * least, and a row lock on a target other owners share). With the link-only paths in `noUpdate`
 * it only links and unlinks them; `writeLinkExtras` writes their join-table extras afterwards.
 *
 * @example
 * keepLinkedTargets(Order, { id: 1, products: [{ id: 6, quantity: 2 }] }, {}) // { noUpdate: ['products'] }
 */
export function keepLinkedTargets(
  modelClass: ModelClass<Model>,
  graph: unknown,
  options: UpsertGraphOptions,
): UpsertGraphOptions {
  if (options.noUpdate === true) return options;
  const paths = linkOnlyPathsOf(modelClass, graph);
  if (paths.length === 0) return options;
  const requested = Array.isArray(options.noUpdate) ? options.noUpdate : [];
  return { ...options, noUpdate: [...new Set([...requested, ...paths])] };
}

/** Sets the extras a link node gives on its join row, found by the owner's and the target's key. */
async function writeExtras(knex: Knex, relation: Relation, owner: Model, link: Model) {
  const values: Record<string, unknown> = {};
  for (const { column, property } of coveredJoinTableOf(relation)!.extras) {
    const value = propsOf(link)[property];
    if (value !== undefined) values[column] = value;
  }
  if (Object.keys(values).length === 0) return;
  const ownerKey = propsOf(owner)[coveredKeysOf(relation).owner.prop];
  const relatedKey = propsOf(link)[coveredKeysOf(relation).related.prop];
  await knex(coveredJoinTableOf(relation)!.table)
    .where(coveredJoinTableOf(relation)!.owner.col, ownerKey as Knex.Value)
    .where(coveredJoinTableOf(relation)!.related.col, relatedKey as Knex.Value)
    .update(values);
}

async function writeLevel(
  builder: AnyQueryBuilder,
  modelClass: ModelClass<Model>,
  nodes: readonly Model[],
  prefix: string,
  options: UpsertGraphOptions,
): Promise<void> {
  for (const relation of Object.values(modelClass.getRelations())) {
    const path = prefix ? `${prefix}.${relation.name}` : relation.name;
    const children: Model[] = [];
    for (const node of nodes) {
      for (const child of mentionedChildrenOf(node, relation) ?? []) {
        if (!isLinkOnly(relation)) children.push(child);
        else if (hasId(child) && !isListed(options.noUpdate, path)) {
          await writeExtras(builder.knex(), relation, node, child);
        }
      }
    }
    if (children.length > 0) {
      await writeLevel(builder, relation.relatedModelClass, children, path, options);
    }
  }
}

/**
 * After Objection's upsert ran with `keepLinkedTargets`: writes the join-table extras every
 * linked node of the graph gives (an order item's `quantity`) onto its join row, one UPDATE per
 * such node, as Objection's patch of the node would have, without touching the target. Paths
 * the caller's own `noUpdate` names are left as they are.
 *
 * @example
 * await writeLinkExtras(builder, [order], {}); // order_items.quantity of each linked product
 */
export function writeLinkExtras(
  builder: AnyQueryBuilder,
  roots: readonly Model[],
  options: UpsertGraphOptions,
): Promise<void> {
  return writeLevel(builder, builder.modelClass(), roots, '', options);
}
