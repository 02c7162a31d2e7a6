import type { Knex } from 'knex';
import type { Model, ModelClass } from 'objection';
import { type HookedBatch, hooksReadRows } from './delete-hooks';
import type { DeclaredDeletePolicy } from './delete-policies';
import { inScope, type LevelScope } from './level-scope';
import { deletedIdColumnOf, type Key } from './relation-keys';
import { modelFacts } from '../objection/model-facts';
import { tableNameOf } from '../objection/query-internals';
import { type DeletedRows, readDeletedRows } from '../soft-delete/soft-delete-scope';

/** What is known of a level's rows before it is planned further. */
export interface LevelRows {
  scope: LevelScope;
  /** The rows, read for the hooks that read them (or for `returning`). */
  rows?: Model[];
  /** Whether the level's rows or ids were read and none are left to delete. */
  isKnownEmpty: boolean;
}

/** What every level of one delete shares. */
export interface DeleteRun {
  readonly transaction: Knex;
  /** When the delete started: the same for every batch of one delete. */
  readonly deletedAt: Date;
  /** Whether the delete soft-deletes (sets the soft-delete columns) rather than removes rows. */
  readonly isSoft: boolean;
  /** The id a soft delete writes to every row it reaches. */
  readonly deletionId: string | undefined;
}

/** One level of a planned delete: its rows, and what happens to the rows depending on them. */
export class PlannedLevel implements HookedBatch {
  /** The levels these rows cascade to; they are deleted before these rows. */
  readonly cascades: PlannedLevel[] = [];
  /** The nullify and unrelate policies to apply to these rows' dependents. */
  readonly detachments: DeclaredDeletePolicy[] = [];
  /** The `restrict` relations under which only soft-deleted rows depend on these rows. */
  readonly restrictedDeleted = new Set<string>();
  readonly scope: LevelScope;
  readonly isKnownEmpty: boolean;
  readonly transaction: Knex;
  readonly deletedAt: Date;
  readonly isSoft: boolean;
  readonly deletionId: string | undefined;
  readonly #rows: Model[] | undefined;

  constructor(
    readonly modelClass: ModelClass<Model>,
    readonly path: string[],
    run: DeleteRun,
    { scope, rows, isKnownEmpty }: LevelRows,
  ) {
    this.transaction = run.transaction;
    this.deletedAt = run.deletedAt;
    this.isSoft = run.isSoft;
    this.deletionId = run.deletionId;
    this.scope = scope;
    this.isKnownEmpty = isKnownEmpty;
    this.#rows = rows;
  }

  get rows(): Model[] {
    if (this.#rows) return this.#rows;
    throw new Error(
      `The rows of ${this.modelClass.name} were not read: its delete hooks all declare ` +
        '`readsRows: false`. Read them through `rowsQuery()`, or let the hook read rows.',
    );
  }

  // A bound function: hooks destructure their batch.
  readonly rowsQuery = (): Knex.QueryBuilder =>
    this.transaction(this.scope.table).where(inScope(this.transaction, this.scope));
}

function isKey(value: unknown): value is Key {
  return typeof value === 'string' || typeof value === 'number';
}

/** The ids of `ids` not planned yet, now marked planned. */
function notYetPlanned(planned: Map<string, Set<Key>>, table: string, ids: Key[]): Key[] {
  let ofTable = planned.get(table);
  if (!ofTable) planned.set(table, (ofTable = new Set()));
  const fresh = ids.filter((id) => !ofTable.has(id));
  for (const id of fresh) ofTable.add(id);
  return fresh;
}

/**
 * The rows of a cascade level in `scope`, as far as they need reading: every column for hooks
 * that read rows; the ids only when rows may be planned twice (`planned` is then the ids planned
 * so far, per table, and the rows already in it are left out); nothing otherwise, and the level
 * stays a subquery over the level above. Reads lock the rows until the commit. Of a
 * soft-deletable model, it reads the rows `deletedRows` names.
 */
export async function readLevelRows(
  transaction: Knex,
  planned: Map<string, Set<Key>> | undefined,
  modelClass: ModelClass<Model>,
  scope: LevelScope,
  deletedRows: DeletedRows,
): Promise<LevelRows> {
  // A default scope is only applied by a query Objection makes: such a level's rows are read
  // through it, and the level is the rows it found. (Find hooks do not count: Objection runs
  // none for a delete, and the layer hands no row it reads here to the caller.)
  const readsRows = hooksReadRows(modelClass) || modelFacts(modelClass).hasDefaultScope;
  if (!readsRows && !planned) return { scope, isKnownEmpty: false };
  const table = tableNameOf(modelClass);
  const idColumn = deletedIdColumnOf(modelClass);
  const orderedId = `${table}.${idColumn}`;
  let rows: Model[] | undefined;
  let ids: Key[];
  if (readsRows) {
    rows = await readDeletedRows(modelClass.query(transaction), deletedRows)
      .where(inScope(transaction, scope))
      .orderBy(orderedId)
      .forUpdate();
    ids = rows.map((row): unknown => row.$id()).filter(isKey);
  } else {
    const found: Array<Record<string, unknown>> = await transaction(table)
      .select(orderedId)
      .where(inScope(transaction, scope))
      .orderBy(orderedId)
      .forUpdate();
    ids = found.map((row) => row[idColumn]).filter(isKey);
  }
  if (planned) {
    ids = notYetPlanned(planned, table, ids);
    const fresh = new Set(ids);
    rows = rows?.filter((row) => fresh.has(row.$id() as Key));
  }
  return { scope: { table, column: idColumn, keys: ids }, rows, isKnownEmpty: ids.length === 0 };
}
