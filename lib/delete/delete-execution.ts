import type { Model, PartialModelObject } from 'objection';
import type { DeclaredDeletePolicy } from './delete-policies';
import type { PlannedLevel } from './planned-level';
import { dependentScope, inScope } from './level-scope';
import { dependentKeyOf } from './relation-keys';
import { markWalked } from './walked-deletes';

/** `nullify` sets the dependents' foreign key to NULL; `unrelate` deletes the join rows. */
async function detach(level: PlannedLevel, { relation, policy }: DeclaredDeletePolicy) {
  const { transaction } = level;
  const dependents = dependentScope(level.scope, relation);
  if (policy === 'unrelate') {
    await transaction(dependents.table).where(inScope(transaction, dependents)).delete();
  } else {
    // Through the model, so that the patch is validated and `updated_at` is kept.
    const { prop } = dependentKeyOf(relation);
    await relation.relatedModelClass
      .query(transaction)
      .patch({ [prop]: null } as PartialModelObject<Model>)
      .where(inScope(transaction, dependents));
  }
}

/**
 * Carries out a plan bottom-up: a level's cascades first, then its nullify and unrelate
 * policies, then one DELETE for its own rows, each one statement whatever the number of rows.
 * A level's rows are selected through the levels above it, which still exist when it is deleted.
 * Returns how many rows of the top level were deleted.
 */
export async function executeDelete(level: PlannedLevel): Promise<number> {
  for (const cascade of level.cascades) await executeDelete(cascade);
  if (level.isKnownEmpty) return 0;
  for (const detachment of level.detachments) await detach(level, detachment);
  const { modelClass, transaction, scope } = level;
  return markWalked(modelClass.query(transaction).delete().where(inScope(transaction, scope)));
}
