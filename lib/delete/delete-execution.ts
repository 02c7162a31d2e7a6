import type { AnyQueryBuilder, Model, PartialModelObject } from 'objection';
import type { DeclaredDeletePolicy } from './delete-policies';
import type { PlannedLevel } from './planned-level';
import { dialectOf } from '../database/config';
import { returningColumnsOf } from '../objection/query-internals';
import { rememberModelOrigin } from '../observe/query-origin';
import { runKnexQuery } from '../read/plain-read';
import { readDeletedRows } from '../soft-delete/soft-delete-scope';
import { softDeleteOf } from '../soft-delete/soft-delete';
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
    // Soft-deleted dependents too: the row they point at goes.
    await readDeletedRows(relation.relatedModelClass.query(transaction), 'withDeleted')
      .patch({ [prop]: null } as PartialModelObject<Model>)
      .where(inScope(transaction, dependents));
  }
}

/**
 * Soft-deletes a level's live rows in one UPDATE: the delete's time and id in the model's
 * soft-delete columns. Resolves to the number of rows it soft-deleted.
 */
async function softDeleteRows(level: PlannedLevel): Promise<number> {
  const { modelClass, transaction, scope } = level;
  const columns = softDeleteOf(modelClass);
  if (!columns) throw new Error(`${modelClass.name} is not soft-deletable`);
  const statement = transaction(scope.table)
    .where(inScope(transaction, scope))
    .whereNull(`${scope.table}.${columns.column}`)
    .update({
      [columns.column]: level.deletedAt.toISOString(),
      [columns.deletionColumn]: level.deletionId,
    });
  rememberModelOrigin(statement, modelClass);
  return Number(await runKnexQuery(statement));
}

/** The root level of a soft delete: as `deleteRootRows`, the rows set aside rather than removed. */
async function softDeleteRootRows(
  level: PlannedLevel,
  root: AnyQueryBuilder,
): Promise<number | Model[]> {
  if (!root.has('returning')) return softDeleteRows(level);
  const rows = await readReturnedRows(level, returningColumnsOf(root));
  await softDeleteRows(level);
  return rows;
}

/**
 * Deletes the rows the caller's query `root` targets, in one plain statement: Objection runs
 * that query's own delete hooks around the walk, so a model query here would run its static
 * hooks a second time. Resolves as Objection's delete does: the number deleted, or the deleted
 * rows with the columns `root` names in `returning(…)`, made into models without `$afterFind`.
 */
async function deleteRootRows(
  level: PlannedLevel,
  root: AnyQueryBuilder,
): Promise<number | Model[]> {
  const { modelClass, transaction, scope } = level;
  const statement = transaction(scope.table).where(inScope(transaction, scope)).delete();
  rememberModelOrigin(statement, modelClass);
  if (!root.has('returning')) return Number(await runKnexQuery(statement));
  const columns = returningColumnsOf(root);
  if (!dialectOf(transaction).returnsFromDelete) {
    const rows = await readReturnedRows(level, columns);
    await runKnexQuery(statement);
    return rows;
  }
  const rows = (await runKnexQuery(statement.returning(columns))) as object[];
  return rows.map((row) => modelClass.fromDatabaseJson(row));
}

/**
 * Carries out a plan bottom-up: a level's cascades first, then its nullify and unrelate
 * policies, then one DELETE for its own rows (one UPDATE of its soft-delete columns, in a soft
 * delete), each one statement whatever the number of rows. A level's rows are selected through
 * the levels above it, which still exist when it is deleted. Resolves as the top level's DELETE
 * does: how many rows it deleted, or, when `root` (the caller's delete query) asks with
 * `returning(…)`, the deleted rows with those columns.
 */
export async function executeDelete(
  level: PlannedLevel,
  root?: AnyQueryBuilder,
): Promise<number | Model[]> {
  for (const cascade of level.cascades) await executeDelete(cascade);
  if (level.isKnownEmpty) return root?.has('returning') ? [] : 0;
  for (const detachment of level.detachments) await detach(level, detachment);
  if (level.isSoft) return root ? softDeleteRootRows(level, root) : softDeleteRows(level);
  if (root) return deleteRootRows(level, root);
  // A cascade level, through its model: its own static delete hooks run for it.
  const { modelClass, transaction, scope } = level;
  const levelDelete = readDeletedRows(modelClass.query(transaction), 'withDeleted');
  return markWalked(levelDelete.delete().where(inScope(transaction, scope)));
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
