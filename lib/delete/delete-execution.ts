import type { Model, PartialModelObject } from 'objection';
import { chunksOf, valuesPerStatement } from '../database/chunks';
import type { DeclaredDeletePolicy } from './delete-policies';
import type { PlannedLevel } from './delete-plan';
import { dependentKeyOf, idColumnOf, idsOf, ownerKeysOf } from './relation-keys';
import { markWalked } from './walked-deletes';

/** `nullify` sets the dependents' foreign key to NULL; `unrelate` deletes the join rows. */
async function detach(level: PlannedLevel, { relation, policy }: DeclaredDeletePolicy) {
  const { transaction } = level;
  const { table, column, prop } = dependentKeyOf(relation);
  for (const keys of chunksOf(ownerKeysOf(relation, level.rows), valuesPerStatement(transaction))) {
    if (policy === 'unrelate') {
      await transaction(table).whereIn(column, keys).delete();
    } else {
      // Through the model, so that the patch is validated and `updated_at` is kept.
      await relation.relatedModelClass
        .query(transaction)
        .patch({ [prop]: null } as PartialModelObject<Model>)
        .whereIn(`${table}.${column}`, keys);
    }
  }
}

async function deleteRows(level: PlannedLevel): Promise<number> {
  const { modelClass, transaction } = level;
  const idColumn = `${modelClass.tableName}.${idColumnOf(modelClass)}`;
  const ids = idsOf(level.rows);
  let deleted = 0;
  for (const chunk of chunksOf(ids, valuesPerStatement(transaction))) {
    deleted += await markWalked(modelClass.query(transaction).delete().whereIn(idColumn, chunk));
  }
  return deleted;
}

/**
 * Carries out a plan bottom-up: a level's cascades first, then its nullify and unrelate
 * policies, then one DELETE (per chunk of ids) for its own rows. Returns how many rows of the
 * top level were deleted.
 */
export async function executeDelete(level: PlannedLevel): Promise<number> {
  for (const cascade of level.cascades) await executeDelete(cascade);
  if (level.rows.length === 0) return 0;
  for (const detachment of level.detachments) await detach(level, detachment);
  return deleteRows(level);
}
