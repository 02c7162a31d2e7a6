import type {
  AnyQueryBuilder,
  Model,
  PartialModelObject,
  Relation,
  UpsertGraphOptions,
} from 'objection';
import { chunksOf, valuesPerStatement } from '../../database/chunks';
import { deletePolicyOf } from '../../delete/delete-policies';
import { withDeletePolicies } from '../../delete/delete-with-policies';
import { DeleteRestrictedError } from '../../errors';
import { asChildQueryOf } from '../../objection-internals';
import { isManyToMany, propsOf, singleIdColumnOf, singleKeyOf } from './graph-nodes';
import type { PlannedLevel } from './upsert-plan';

type Removal = 'delete' | 'unrelate' | 'keep';

/** What Objection's options say about one path's missing children (see `GraphOptions`). */
function removalOf(level: PlannedLevel, options: UpsertGraphOptions): Removal {
  const listed = (option: unknown) => Array.isArray(option) && option.includes(level.path);
  if (listed(options.unrelate)) return 'unrelate';
  return listed(options.noDelete) ? 'keep' : 'delete';
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

async function unrelate(builder: AnyQueryBuilder, relation: Relation, level: PlannedLevel) {
  const transaction = builder.knex();
  const ownerProp = singleKeyOf(relation.ownerProp)!.prop;
  const relatedProp = singleKeyOf(relation.relatedProp)!.prop;
  if (isManyToMany(relation)) {
    const columns = [
      singleKeyOf(relation.joinTableOwnerProp)!.col,
      singleKeyOf(relation.joinTableRelatedProp)!.col,
    ];
    const pairs = level.missing.map(({ row, parent }) => [
      keyOf(parent, ownerProp),
      keyOf(row, relatedProp),
    ]);
    for (const chunk of chunksOf(pairs, Math.floor(valuesPerStatement(transaction) / 2) || 1)) {
      await transaction(relation.joinTable!)
        .whereIn(columns, chunk as [number, number][])
        .delete();
    }
    return;
  }
  // HasMany/HasOne: the foreign key goes NULL, through the model so that the patch is validated
  // and `updated_at` kept, as Objection's unrelate does.
  const related = relation.relatedModelClass;
  const idColumn = `${related.tableName}.${singleIdColumnOf(related)!}`;
  const ids = level.missing.map(({ row }) => row.$id() as string | number);
  for (const chunk of chunksOf(ids, valuesPerStatement(transaction))) {
    await asChildQueryOf(related.query(), builder)
      .patch({ [relatedProp]: null } as PartialModelObject<Model>)
      .whereIn(idColumn, chunk);
  }
}

async function deleteThroughPolicies(builder: AnyQueryBuilder, level: PlannedLevel) {
  const { modelClass } = level;
  const idColumn = `${modelClass.tableName}.${singleIdColumnOf(modelClass)!}`;
  const ids = level.missing.map(({ row }) => row.$id() as string | number);
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
