import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass } from 'objection';
import { DeleteRestrictedError } from '../errors';
import {
  parentQueryOf,
  relationOf,
  replaceExecution,
  tableNameOf,
  toFindQuery,
} from '../objection-internals';
import { hooksReadRows, runDeleteHooks } from './delete-hooks';
import { executeDelete } from './delete-execution';
import { type DeleteTargets, levelsInDeleteOrder, planDelete } from './delete-plan';
import { deletePolicyOf } from './delete-policies';
import { idColumnOf, type Key } from './relation-keys';
import { markWalked } from './walked-deletes';

/**
 * The rows the delete `builder` targets, locked until the commit, in one SELECT: their ids, and
 * every column when they are needed (`returning`, or a hook of the model that reads rows). Their
 * ids are read before anything is written, so the query's own filter (which may go through rows
 * the delete removes, like a relation's join rows) is evaluated once.
 */
async function targetsOf(builder: AnyQueryBuilder): Promise<DeleteTargets> {
  const modelClass = builder.modelClass();
  const transaction = builder.knex();
  const idColumn = idColumnOf(modelClass);
  const find = toFindQuery(builder).clearSelect().clearWithGraph();
  find.select(`${find.tableRefFor(modelClass)}.${idColumn}`);
  // A derived table, because a relation's find query may select its join columns too.
  const targetIds = modelClass.query(transaction).select(idColumn).from(find.as('targets'));
  const table = tableNameOf(modelClass);
  const targeted = `${table}.${idColumn}`;
  if (builder.has('returning') || hooksReadRows(modelClass)) {
    const rows = await modelClass
      .query(transaction)
      .whereIn(targeted, targetIds)
      .orderBy(targeted)
      .forUpdate();
    return { ids: rows.map((row: Model) => row.$id() as Key), rows };
  }
  const found: Array<Record<string, Key>> = await transaction(table)
    .select(targeted)
    .whereIn(targeted, targetIds.toKnexQuery())
    .orderBy(targeted)
    .forUpdate();
  return { ids: found.map((row) => row[idColumn]!) };
}

/**
 * A graph upsert removes the children missing from a relation by deleting them through it;
 * a relation declared `restrict` refuses that, so the whole upsert is refused.
 */
function refuseRestrictedRemoval(builder: AnyQueryBuilder, targets: DeleteTargets): void {
  const relation = relationOf(builder);
  const issuer = parentQueryOf(builder);
  if (!relation || !issuer?.has(/^upsertGraph/) || targets.ids.length === 0) return;
  if (deletePolicyOf(relation.ownerModelClass, relation.name) === 'restrict') {
    throw new DeleteRestrictedError(
      relation.ownerModelClass.name,
      relation.name,
      targets.ids.length,
    );
  }
}

/** Walks the policies from `targets`, runs the hooks and deletes bottom-up; the number deleted. */
async function deleteTargets(
  transaction: Knex,
  modelClass: ModelClass<Model>,
  targets: DeleteTargets,
): Promise<number> {
  const plan = await planDelete(transaction, modelClass, targets);
  const levels = levelsInDeleteOrder(plan);
  await runDeleteHooks('before', levels);
  const deleted = await executeDelete(plan);
  await runDeleteHooks('after', levels);
  return deleted;
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
export function deleteRowsWithPolicies(
  transaction: Knex,
  modelClass: ModelClass<Model>,
  rows: Model[],
): Promise<number> {
  return deleteTargets(transaction, modelClass, { ids: rows.map((row) => row.$id() as Key), rows });
}

async function deleteWithPolicies(builder: AnyQueryBuilder): Promise<number | Model[]> {
  const targets = await targetsOf(builder);
  refuseRestrictedRemoval(builder, targets);
  const deleted = await deleteTargets(builder.knex(), builder.modelClass(), targets);
  // `returning` asks for the deleted rows; they were read with the targets.
  return builder.has('returning') ? (targets.rows ?? []) : deleted;
}

/**
 * A copy of the delete query `builder` that applies the declared delete policies and runs the
 * delete hooks when executed. Run it in a transaction: it reads the ids it targets, walks the
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
