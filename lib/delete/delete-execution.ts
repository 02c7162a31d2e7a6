import type { AnyQueryBuilder, Model, PartialModelObject } from 'objection';
import type { DeclaredDeletePolicy } from './delete-policies';
import type { PlannedLevel } from './planned-level';
import { dialectOf } from '../database/config';
import { copyOperations, returningColumnsOf } from '../objection-internals';
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
 * Resolves as the top level's DELETE does: how many rows it deleted, or, when `returningFrom`
 * (the caller's delete query) asks with `returning(…)`, the deleted rows with those columns.
 */
export async function executeDelete(
  level: PlannedLevel,
  returningFrom?: AnyQueryBuilder,
): Promise<number | Model[]> {
  for (const cascade of level.cascades) await executeDelete(cascade);
  const isReturning = returningFrom?.has('returning') === true;
  if (level.isKnownEmpty) return isReturning ? [] : 0;
  for (const detachment of level.detachments) await detach(level, detachment);
  const { modelClass, transaction, scope } = level;
  const rootDelete = modelClass.query(transaction).delete().where(inScope(transaction, scope));
  if (!isReturning) return (await markWalked(rootDelete)) as number;
  if (dialectOf(transaction).returnsFromDelete) {
    return (await markWalked(
      copyOperations(rootDelete, returningFrom!, 'returning'),
    )) as unknown as Model[];
  }
  const rows = await readReturnedRows(level, returningColumnsOf(returningFrom!));
  await markWalked(rootDelete);
  return rows;
}

/**
 * The columns `returning(…)` names of a level's rows, read before they are deleted, in id order,
 * as models made the way Objection makes the rows a DELETE returns (no `$afterFind`).
 */
async function readReturnedRows(level: PlannedLevel, columns: string[]): Promise<Model[]> {
  const { modelClass, transaction, scope } = level;
  const selected = columns.map((column) => (column === '*' ? `${scope.table}.*` : column));
  const rows: object[] = await transaction(scope.table)
    .select(selected)
    .where(inScope(transaction, scope))
    .orderBy(`${scope.table}.${scope.column}`);
  return rows.map((row) => modelClass.fromDatabaseJson(row));
}
