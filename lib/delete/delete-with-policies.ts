import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass } from 'objection';
import { DeleteRestrictedError } from '../errors';
import { parentQueryOf, relationOf, replaceExecution, toFindQuery } from '../objection-internals';
import { runDeleteHooks } from './delete-hooks';
import { executeDelete } from './delete-execution';
import { levelsInDeleteOrder, planDelete } from './delete-plan';
import { deletePolicyOf } from './delete-policies';
import { idColumnOf } from './relation-keys';
import { markWalked } from './walked-deletes';

/** The rows the delete `builder` targets, every column, locked until the commit: one SELECT. */
async function targetsOf(builder: AnyQueryBuilder): Promise<Model[]> {
  const modelClass = builder.modelClass();
  const transaction = builder.knex();
  const idColumn = idColumnOf(modelClass);
  const find = toFindQuery(builder).clearSelect().clearWithGraph();
  find.select(`${find.tableRefFor(modelClass)}.${idColumn}`);
  // A derived table, because a relation's find query may select its join columns too.
  const targetIds = modelClass.query(transaction).select(idColumn).from(find.as('targets'));
  const table = modelClass.tableName;
  return modelClass
    .query(transaction)
    .whereIn(`${table}.${idColumn}`, targetIds)
    .orderBy(`${table}.${idColumn}`)
    .forUpdate();
}

/**
 * A graph upsert removes the children missing from a relation by deleting them through it;
 * a relation declared `restrict` refuses that, so the whole upsert is refused.
 */
function refuseRestrictedRemoval(builder: AnyQueryBuilder, targets: Model[]): void {
  const relation = relationOf(builder);
  const issuer = parentQueryOf(builder);
  if (!relation || !issuer?.has(/^upsertGraph/) || targets.length === 0) return;
  if (deletePolicyOf(relation.ownerModelClass, relation.name) === 'restrict') {
    throw new DeleteRestrictedError(relation.ownerModelClass.name, relation.name, targets.length);
  }
}

/**
 * Deletes `rows` of `modelClass`, already read in full in `transaction` by the caller, through
 * the declared delete policies: the same walk, hooks and bottom-up deletes as
 * `withDeletePolicies`, without reading the rows again. Resolves to the number deleted. A graph
 * upsert removes the children it has just read this way.
 *
 * @example
 * await deleteRowsWithPolicies(trx, Product, droppedProducts);
 */
export async function deleteRowsWithPolicies(
  transaction: Knex,
  modelClass: ModelClass<Model>,
  rows: Model[],
): Promise<number> {
  const plan = await planDelete(transaction, modelClass, rows);
  const levels = levelsInDeleteOrder(plan);
  await runDeleteHooks('before', levels);
  const deleted = await executeDelete(plan);
  await runDeleteHooks('after', levels);
  return deleted;
}

async function deleteWithPolicies(builder: AnyQueryBuilder): Promise<number | Model[]> {
  const targets = await targetsOf(builder);
  refuseRestrictedRemoval(builder, targets);
  const deleted = await deleteRowsWithPolicies(builder.knex(), builder.modelClass(), targets);
  // `returning` asks for the deleted rows; the walk has read them all already.
  return builder.has('returning') ? targets : deleted;
}

/**
 * A copy of the delete query `builder` that applies the declared delete policies and runs the
 * delete hooks when executed. Run it in a transaction: it reads the rows it targets, walks the
 * policies set-based (every `restrict` checked before any write), then deletes bottom-up, and
 * resolves to the number of rows deleted, as Objection's delete does. Objection's own delete
 * hooks (static `beforeDelete`/`afterDelete`, instance `$beforeDelete`/`$afterDelete`) still run
 * around it.
 *
 * @example
 * await knex.transaction((trx) => withDeletePolicies(Shop.query(trx).deleteById(1)));
 */
export function withDeletePolicies<B extends AnyQueryBuilder>(builder: B): B {
  const prepared = markWalked(builder.clone());
  replaceExecution(prepared, deleteWithPolicies);
  return prepared;
}
