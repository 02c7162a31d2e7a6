import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass } from 'objection';
import { DeleteRestrictedError } from '../errors';
import { retryPolicyOf } from '../retry/retry-policy';
import { unitOfWork } from '../retry/unit-of-work';
import {
  parentQueryOf,
  relationOf,
  replaceExecution,
  tableNameOf,
  toFindQuery,
} from '../objection/query-internals';
import { deleteHooksOf, hooksReadRows, runDeleteHooks } from './delete-hooks';
import { executeDelete } from './delete-execution';
import { type DeleteTargets, levelsInDeleteOrder, planDelete } from './delete-plan';
import { deletePoliciesOf, deletePolicyOf } from './delete-policies';
import { deletedIdColumnOf, type Key } from './relation-keys';
import { markWalked, needsDeletePolicies } from './walked-deletes';
import { softDeleteOf } from '../soft-delete/soft-delete';
import { isSoftDelete, readDeletedRows } from '../soft-delete/soft-delete-scope';

/**
 * The rows the delete `builder` targets, locked until the commit, in one SELECT in
 * `transaction`: their ids, and every column when a hook of the model reads rows. Their ids are
 * read before anything is written, so the query's own filter (which may go through rows the
 * delete removes, like a relation's join rows) is evaluated once.
 */
async function targetsOf(builder: AnyQueryBuilder, transaction: Knex): Promise<DeleteTargets> {
  const modelClass = builder.modelClass();
  const idColumn = deletedIdColumnOf(modelClass);
  const find = toFindQuery(builder).clearSelect().clearWithGraph();
  find.select(`${find.tableRefFor(modelClass)}.${idColumn}`);
  // A derived table, because a relation's find query may select its join columns too. The find
  // query holds the delete's own scope of soft-deleted rows; the queries around it take every row.
  const targetIds = readDeletedRows(modelClass.query(transaction), 'withDeleted')
    .select(idColumn)
    .from(find.as('targets'));
  const table = tableNameOf(modelClass);
  const targeted = `${table}.${idColumn}`;
  if (hooksReadRows(modelClass)) {
    const rows = await readDeletedRows(modelClass.query(transaction), 'withDeleted')
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

/**
 * Walks the policies from `targets`, runs the hooks and deletes bottom-up (soft-deletes, when
 * `isSoft`): the number deleted, or the deleted rows when `root`, the caller's delete query,
 * asks for them (see `executeDelete`).
 */
async function deleteTargets(
  transaction: Knex,
  modelClass: ModelClass<Model>,
  targets: DeleteTargets,
  isSoft: boolean,
  root?: AnyQueryBuilder,
): Promise<number | Model[]> {
  const plan = await planDelete(transaction, modelClass, targets, isSoft);
  const levels = levelsInDeleteOrder(plan);
  await runDeleteHooks('before', levels);
  const deleted = await executeDelete(plan, root);
  await runDeleteHooks('after', levels);
  return deleted;
}

/**
 * Deletes `rows` of `modelClass`, already read in full in `transaction` by the caller, through
 * the declared delete policies: the same walk, hooks and bottom-up deletes as
 * `withDeletePolicies`, without reading the rows again; rows of a soft-deletable model are
 * soft-deleted. Resolves to the number deleted. A graph upsert removes the children it has just
 * read this way.
 *
 * @example
 * await deleteRowsWithPolicies(trx, Product, droppedProducts);
 */
export async function deleteRowsWithPolicies(
  transaction: Knex,
  modelClass: ModelClass<Model>,
  rows: Model[],
): Promise<number> {
  const targets = { ids: rows.map((row) => row.$id() as Key), rows };
  const isSoft = softDeleteOf(modelClass) !== undefined;
  return (await deleteTargets(transaction, modelClass, targets, isSoft)) as number;
}

async function deleteInTransaction(
  builder: AnyQueryBuilder,
  transaction: Knex,
): Promise<number | Model[]> {
  const targets = await targetsOf(builder, transaction);
  refuseRestrictedRemoval(builder, targets);
  return deleteTargets(transaction, builder.modelClass(), targets, isSoftDelete(builder), builder);
}

/**
 * The policy walk, in the query's transaction or, without one, in a transaction of its own:
 * Objection's before-hooks have run by now outside of it, as they do without the layer (a hook
 * that queries without the transaction does not wait for SQLite's one connection), and the
 * walk commits before Objection's after-hooks run, so that they see the rows gone.
 */
function deleteWithPolicies(builder: AnyQueryBuilder): Promise<number | Model[]> {
  const knex = builder.knex();
  if (knex.isTransaction) return deleteInTransaction(builder, knex);
  return unitOfWork(knex, (transaction) => deleteInTransaction(builder, transaction), {
    retry: retryPolicyOf(builder.modelClass()),
  });
}

/**
 * Whether executing the delete `builder` involves more than Objection's own delete: its model
 * declares delete policies or delete hooks or is soft-deletable, or a graph upsert removes rows
 * through a relation declared `restrict`, which is refused. Any other delete runs as Objection
 * runs it.
 */
export function needsPolicyWalk(builder: AnyQueryBuilder): boolean {
  if (!needsDeletePolicies(builder)) return false;
  const modelClass = builder.modelClass();
  if (deletePoliciesOf(modelClass).length > 0 || deleteHooksOf(modelClass).length > 0) return true;
  if (softDeleteOf(modelClass)) return true;
  const relation = relationOf(builder);
  return (
    relation !== undefined &&
    parentQueryOf(builder)?.has(/^upsertGraph/) === true &&
    deletePolicyOf(relation.ownerModelClass, relation.name) === 'restrict'
  );
}

/**
 * A copy of the delete query `builder` that applies the declared delete policies and runs the
 * delete hooks when executed, after Objection's own before-hooks (static `beforeDelete`,
 * instance `$beforeDelete`) and before its after-hooks. It reads the ids it targets, walks the
 * policies set-based (every `restrict` checked before any write), then deletes bottom-up, all in
 * the query's transaction or in one of its own, and resolves as Objection's delete does: the
 * number of rows deleted, or the deleted rows with the columns `returning(…)` names.
 *
 * @example
 * await withDeletePolicies(Shop.query().deleteById(1));
 */
export function withDeletePolicies<B extends AnyQueryBuilder>(builder: B): B {
  const prepared = markWalked(builder.clone());
  replaceExecution(prepared, deleteWithPolicies);
  return prepared;
}
