import type { Knex } from 'knex';
import { type OutsideReference, ReferencedByOtherTableError } from '../errors';
import { dialectOf } from './config';
import type { ForeignKeyInfo } from './dialect';

/** Every foreign key of the schema, as the database reports them. */
async function allForeignKeys(knex: Knex): Promise<ForeignKeyInfo[]> {
  const dialect = dialectOf(knex);
  const keys: ForeignKeyInfo[] = [];
  for (const table of await dialect.tableNames(knex)) {
    keys.push(...(await dialect.foreignKeys(knex, table)));
  }
  return keys;
}

/** The rows of tables outside `owned` that reference a table of `owned`, by foreign key. */
async function outsideReferences(
  knex: Knex,
  owned: ReadonlySet<string>,
  keys: readonly ForeignKeyInfo[],
): Promise<OutsideReference[]> {
  const references: OutsideReference[] = [];
  for (const { table, column, referencedTable } of keys) {
    if (owned.has(table) || !owned.has(referencedTable)) continue;
    const [counted] = await knex(table).whereNotNull(column).count({ rows: '*' });
    const rows = Number(counted?.rows ?? 0);
    if (rows > 0) references.push({ table, column, referencedTable, rows });
  }
  return references;
}

/**
 * `tables` ordered so that a table comes before every table of the set it references: deleting
 * in this order never leaves a row pointing at a deleted one. A reference cycle between two
 * tables has no such order; the tables of a cycle keep their given order.
 */
function childrenFirst(tables: readonly string[], keys: readonly ForeignKeyInfo[]): string[] {
  const owned = new Set(tables);
  const referencedBy = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const { table, referencedTable } of keys) {
    if (owned.has(table) && owned.has(referencedTable) && table !== referencedTable) {
      referencedBy.get(referencedTable)?.add(table);
    }
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  const place = (table: string, path: ReadonlySet<string>) => {
    if (placed.has(table) || path.has(table)) return;
    const within = new Set(path).add(table);
    for (const child of referencedBy.get(table) ?? []) place(child, within);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of tables) place(table, new Set());
  return ordered;
}

/**
 * Empties `tables` and restarts their ids, deleting children before parents, without touching
 * any other table: unlike `truncateAllTables`, it is safe on a database that holds other tables
 * too. When a row of another table references one of them, it refuses with
 * `ReferencedByOtherTableError` before deleting anything, since `ON DELETE` would reach that
 * row. All in one transaction (a savepoint inside `knex`'s, if it is one).
 *
 * @example
 * await emptyTables(knex, tablesOf(allModels)); // the demo's tables, and only those
 */
export async function emptyTables(knex: Knex, tables: readonly string[]): Promise<void> {
  await knex.transaction(async (trx) => {
    const keys = await allForeignKeys(trx);
    const references = await outsideReferences(trx, new Set(tables), keys);
    if (references.length > 0) throw new ReferencedByOtherTableError(references);
    for (const table of childrenFirst(tables, keys)) await trx(table).delete();
    await dialectOf(trx).restartIds(trx, tables);
  });
}
