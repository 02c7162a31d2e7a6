import {
  type AnyQueryBuilder,
  Model,
  type ModelClass,
  type PartialModelObject,
  type Relation,
  type UpsertGraphOptions,
} from 'objection';
import { chunksOf, valuesPerStatement } from '../../database/chunks';
import { deletePolicyOf } from '../../delete/delete-policies';
import { deleteRowsWithPolicies, withDeletePolicies } from '../../delete/delete-with-policies';
import { DeleteRestrictedError } from '../../errors';
import { asChildQueryOf, tableNameOf } from '../../objection/query-internals';
import { type MissingChildrenRemoval, missingChildrenRemoval } from '../upsert-policies';
import { coveredJoinTableOf, coveredKeysOf, idOf, propsOf, singleIdColumnOf } from './graph-nodes';
import type { PlannedLevel } from './upsert-plan';

/** What happens to one level's missing children, by the caller's options and the policy. */
function removalOf(
  { relation, path }: PlannedLevel,
  options: UpsertGraphOptions,
): MissingChildrenRemoval {
  return missingChildrenRemoval(relation!.ownerModelClass, relation!.name, path, options);
}

/**
 * Refuses the whole upsert, before anything is written, when it would delete the missing
 * children of a relation declared `restrict` (as the layer's delete through that relation would).
 */
export function refuseRestrictedRemovals(
  levels: readonly PlannedLevel[],
  options: UpsertGraphOptions,
): void {
  for (const level of levels) {
    const { relation, missing } = level;
    if (!relation || missing.length === 0 || removalOf(level, options) !== 'delete') continue;
    if (deletePolicyOf(relation.ownerModelClass, relation.name) === 'restrict') {
      throw new DeleteRestrictedError(relation.ownerModelClass.name, relation.name, missing.length);
    }
  }
}

function keyOf(model: Model, prop: string): unknown {
  return propsOf(model)[prop];
}

function byId(a: Model, b: Model): number {
  const [left, right] = [idOf(a), idOf(b)];
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  return String(left) < String(right) ? -1 : String(left) > String(right) ? 1 : 0;
}

async function unrelate(builder: AnyQueryBuilder, relation: Relation, level: PlannedLevel) {
  const transaction = builder.knex();
  const ownerProp = coveredKeysOf(relation).owner.prop;
  const relatedProp = coveredKeysOf(relation).related.prop;
  if (coveredJoinTableOf(relation) !== undefined) {
    const columns = [
      coveredJoinTableOf(relation)!.owner.col,
      coveredJoinTableOf(relation)!.related.col,
    ];
    const pairs = level.missing.map(({ row, parent }) => [
      keyOf(parent, ownerProp),
      keyOf(row, relatedProp),
    ]);
    for (const chunk of chunksOf(pairs, Math.floor(valuesPerStatement(transaction) / 2) || 1)) {
      await transaction(coveredJoinTableOf(relation)!.table)
        .whereIn(columns, chunk as [number, number][])
        .delete();
    }
    return;
  }
  // HasMany/HasOne: the foreign key goes NULL, through the model so that the patch is validated
  // and `updated_at` kept, as Objection's unrelate does.
  const related = relation.relatedModelClass;
  const idColumn = `${tableNameOf(related)}.${singleIdColumnOf(related)!}`;
  const ids = level.missing.map(({ row }) => row.$id() as string | number);
  for (const chunk of chunksOf(ids, valuesPerStatement(transaction))) {
    await asChildQueryOf(related.query(), builder)
      .patch({ [relatedProp]: null } as PartialModelObject<Model>)
      .whereIn(idColumn, chunk);
  }
}

function hasStaticDeleteHooks(modelClass: ModelClass<Model>): boolean {
  return (
    modelClass.beforeDelete !== Model.beforeDelete || modelClass.afterDelete !== Model.afterDelete
  );
}

async function deleteThroughPolicies(builder: AnyQueryBuilder, level: PlannedLevel) {
  const { modelClass } = level;
  // In id order, as a delete query reads its targets.
  const rows = level.missing.map(({ row }) => row).sort(byId);
  if (!hasStaticDeleteHooks(modelClass)) {
    await deleteRowsWithPolicies(builder.knex(), modelClass, rows);
    return;
  }
  // Static delete hooks run around a delete query (and may cancel it): one is sent for them.
  const idColumn = `${tableNameOf(modelClass)}.${singleIdColumnOf(modelClass)!}`;
  const ids = rows.map((row) => row.$id() as string | number);
  for (const chunk of chunksOf(ids, valuesPerStatement(builder.knex()))) {
    await withDeletePolicies(
      asChildQueryOf(modelClass.query(), builder).delete().whereIn(idColumn, chunk),
    );
  }
}

/**
 * Removes the children missing from each level of the new graph, all parents at once: one
 * delete through the delete-policy engine (cascades, hooks, audit trail) or one unrelate
 * statement per level, split only past the bound-parameter limit. A path the caller's `noDelete`
 * names keeps its missing children.
 */
export async function removeMissingChildren(
  builder: AnyQueryBuilder,
  levels: readonly PlannedLevel[],
  options: UpsertGraphOptions,
): Promise<void> {
  for (const level of levels) {
    const { relation } = level;
    if (!relation || level.missing.length === 0) continue;
    const removal = removalOf(level, options);
    if (removal === 'unrelate') await unrelate(builder, relation, level);
    if (removal === 'delete') await deleteThroughPolicies(builder, level);
  }
}
