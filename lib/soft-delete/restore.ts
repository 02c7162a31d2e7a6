import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass } from 'objection';
import { dialectOf } from '../database/config';
import { deletePoliciesOf } from '../delete/delete-policies';
import { dependentScope, inScope, type LevelScope } from '../delete/level-scope';
import { deletedIdColumnOf, type Key } from '../delete/relation-keys';
import { ParentDeletedError } from '../errors';
import { tableNameOf } from '../objection/query-internals';
import { relationFacts } from '../objection/relation-facts';
import { rememberModelOrigin } from '../observe/query-origin';
import { runKnexQuery } from '../read/plain-read';
import { retryPolicyOf } from '../retry/retry-policy';
import { unitOfWork } from '../retry/unit-of-work';
import { type SoftDeleteColumns, softDeleteOf } from './soft-delete';
import { readDeletedRows } from './soft-delete-scope';

/** One level of a restore: rows of one model, brought back by the deletes that set them aside. */
interface RestoredLevel {
  modelClass: ModelClass<Model>;
  columns: SoftDeleteColumns;
  scope: LevelScope;
}

function columnsOf(modelClass: ModelClass<Model>): SoftDeleteColumns {
  const columns = softDeleteOf(modelClass);
  if (!columns)
    throw new Error(`${modelClass.name} is not soft-deletable: there is nothing to restore`);
  return columns;
}

function keyList(knex: Knex, column: string, keys: readonly Key[]): Knex.Raw {
  const { sql, binding } = dialectOf(knex).keyListCondition(keys);
  return knex.raw(sql, [column, binding as Knex.RawBinding]);
}

/**
 * Refuses the restore when a target's parent, the row one of its `belongsToOne` relations points
 * at, is soft-deleted: restoring the child alone would bring back a row under a deleted parent.
 * One COUNT per such relation.
 */
async function refuseDeletedParents(transaction: Knex, level: RestoredLevel): Promise<void> {
  for (const relation of Object.values(level.modelClass.getRelations())) {
    const facts = relationFacts(relation);
    const parentColumns = softDeleteOf(facts.relatedModelClass);
    if (facts.kind !== 'belongsToOne' || !parentColumns || !facts.ownerKey || !facts.relatedKey) {
      continue;
    }
    const parentTable = tableNameOf(facts.relatedModelClass);
    const { table } = level.scope;
    const foreignKeys = transaction(table)
      .select(`${table}.${facts.ownerKey.col}`)
      .where(inScope(transaction, level.scope));
    const [row] = await transaction(parentTable)
      .whereIn(`${parentTable}.${facts.relatedKey.col}`, foreignKeys)
      .whereNotNull(`${parentTable}.${parentColumns.column}`)
      .count({ n: '*' });
    const count = Number(row?.n ?? 0);
    if (count > 0) throw new ParentDeletedError(level.modelClass.name, facts.name, count);
  }
}

/** Un-deletes a level's rows in one UPDATE; resolves to how many came back. */
async function restoreLevel(transaction: Knex, level: RestoredLevel): Promise<number> {
  const { column, deletionColumn } = level.columns;
  const statement = transaction(level.scope.table)
    .where(inScope(transaction, level.scope))
    .update({ [column]: null, [deletionColumn]: null });
  rememberModelOrigin(statement, level.modelClass);
  return Number(await runKnexQuery(statement));
}

/**
 * The rows the deletes `deletionIds` soft-deleted through `relation`'s cascade from `level`'s
 * rows, read (their ids) before anything is restored, or undefined when the relation's model is
 * not soft-deletable (a soft delete leaves such dependents alone).
 */
async function cascadedLevel(
  transaction: Knex,
  level: RestoredLevel,
  relationName: string,
  deletionIds: readonly Key[],
): Promise<RestoredLevel | undefined> {
  const relation = level.modelClass.getRelation(relationName);
  const related = relation.relatedModelClass;
  const columns = softDeleteOf(related);
  if (!columns || relationFacts(relation).kind === 'manyToMany') return undefined;
  const table = tableNameOf(related);
  const idColumn = deletedIdColumnOf(related);
  const found: Array<Record<string, Key>> = await transaction(table)
    .select(`${table}.${idColumn}`)
    .where(inScope(transaction, dependentScope(level.scope, relation)))
    .where(keyList(transaction, `${table}.${columns.deletionColumn}`, deletionIds))
    .forUpdate();
  const keys = found.map((row) => row[idColumn]!);
  return { modelClass: related, columns, scope: { table, column: idColumn, keys } };
}

/**
 * Reads, top-down, every level the soft deletes `deletionIds` cascaded to from `level`: one
 * SELECT per cascade level, the rows found by their parent and by the id their delete wrote.
 */
async function cascadedLevels(
  transaction: Knex,
  level: RestoredLevel,
  deletionIds: readonly Key[],
): Promise<RestoredLevel[]> {
  const levels: RestoredLevel[] = [];
  for (const { relation, policy } of deletePoliciesOf(level.modelClass)) {
    if (policy !== 'cascade') continue;
    const cascaded = await cascadedLevel(transaction, level, relation.name, deletionIds);
    if (!cascaded || cascaded.scope.keys.length === 0) continue;
    levels.push(cascaded, ...(await cascadedLevels(transaction, cascaded, deletionIds)));
  }
  return levels;
}

async function restoreInTransaction(builder: AnyQueryBuilder, transaction: Knex): Promise<number> {
  const modelClass = builder.modelClass();
  const columns = columnsOf(modelClass);
  const idColumn = deletedIdColumnOf(modelClass);
  const table = tableNameOf(modelClass);
  const find = readDeletedRows(builder.clone(), 'onlyDeleted').transacting(transaction);
  const ref = find.tableRefFor(modelClass);
  const found: unknown = await find
    .clearSelect()
    .clearWithGraph()
    .select(`${ref}.${idColumn}`, `${ref}.${columns.deletionColumn}`)
    .forUpdate();
  // A list, one model (`findById`, an instance's `$query()`) or none.
  const targets = [found].flat().filter((row): row is Record<string, Key | null> => !!row);
  if (targets.length === 0) return 0;
  const root: RestoredLevel = {
    modelClass,
    columns,
    scope: { table, column: idColumn, keys: targets.map((target) => target[idColumn]!) },
  };
  await refuseDeletedParents(transaction, root);
  const deletionIds = [
    ...new Set(targets.flatMap((target) => target[columns.deletionColumn] ?? [])),
  ];
  const cascaded =
    deletionIds.length > 0 ? await cascadedLevels(transaction, root, deletionIds) : [];
  for (const level of cascaded) await restoreLevel(transaction, level);
  return restoreLevel(transaction, root);
}

/**
 * Un-deletes the soft-deleted rows the query `builder` selects, and exactly the rows their soft
 * deletes cascaded to (found by the deletion id each soft delete writes on every row it
 * reaches), nothing else: not a row of the same table soft-deleted by another delete. A row
 * whose parent is still soft-deleted is refused with a `ParentDeletedError`, and nothing is
 * restored. Runs in the query's transaction or one of its own: one SELECT of the targets, one
 * COUNT per soft-deletable parent relation, then one SELECT and one UPDATE per cascade level.
 * Resolves to how many of the selected rows came back.
 *
 * @example
 * await restoreRows(Customer.query().findById(1)); // 1, and its orders deleted with it are back
 */
export function restoreRows(builder: AnyQueryBuilder): Promise<number> {
  const knex = builder.knex();
  if (knex.isTransaction) return restoreInTransaction(builder, knex);
  return unitOfWork(knex, (transaction) => restoreInTransaction(builder, transaction), {
    retry: retryPolicyOf(builder.modelClass()),
  });
}
