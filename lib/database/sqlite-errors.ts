import type { ConstraintFailure, TransientFailure } from './dialect';

const KIND_BY_WORDING: Record<string, ConstraintFailure['kind']> = {
  UNIQUE: 'unique',
  'FOREIGN KEY': 'foreignKey',
  'NOT NULL': 'notNull',
  CHECK: 'check',
};

// SQLite tells the kind and, after the colon, `table.column, …` (UNIQUE, NOT NULL) or the CHECK
// constraint's name; knex puts the statement it ran in front: "<sql> - SQLITE_CONSTRAINT: …" on
// sqlite3, which prefixes the code, "<sql> - UNIQUE constraint failed: …" on better-sqlite3.
const FAILURE =
  /(?:^|SQLITE_CONSTRAINT: | - )(UNIQUE|FOREIGN KEY|NOT NULL|CHECK) constraint failed(?:: (.+))?$/;

// The table an INSERT or UPDATE writes: the one whose foreign key or CHECK failed. A DELETE names
// the referenced table instead, which is not where the failing constraint lives.
const WRITTEN_TABLE =
  /^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update(?:\s+or\s+\w+)?)\s+[`"[]?([A-Za-z_]\w*)/i;

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/**
 * The primary result code of a driver error: node-sqlite3 sets it (`SQLITE_CONSTRAINT`),
 * better-sqlite3 sets the extended one (`SQLITE_CONSTRAINT_FOREIGNKEY`, `SQLITE_BUSY_SNAPSHOT`),
 * whose first word after `SQLITE_` is the primary code.
 */
function primaryCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? /^SQLITE_[A-Z]+/.exec(code)?.[0] : undefined;
}

function isSqliteConstraintError(error: unknown): error is Error {
  return error instanceof Error && primaryCodeOf(error) === 'SQLITE_CONSTRAINT';
}

/** `products.shop_id, products.name` → the table and its columns; nothing for `index 'x'`. */
function columnsDetails(list: string): Pick<ConstraintFailure, 'table' | 'columns'> {
  const pairs = list.split(',').map((entry) => entry.trim().split('.'));
  const isPlain = pairs.every((pair) => pair.length === 2 && pair.every((p) => IDENTIFIER.test(p)));
  if (!isPlain) return {};
  return { table: pairs[0]![0], columns: pairs.map((pair) => pair[1]!) };
}

/**
 * Reads a SQLite constraint error. SQLite names the table and columns of a UNIQUE or NOT NULL
 * failure and the name of a CHECK constraint (when it has one); for a foreign key it says
 * nothing, so the table comes from the INSERT or UPDATE statement that failed.
 */
export function sqliteConstraintFailure(error: unknown): ConstraintFailure | undefined {
  if (!isSqliteConstraintError(error)) return undefined;
  const match = FAILURE.exec(error.message);
  if (!match) return undefined;
  const kind = KIND_BY_WORDING[match[1]!]!;
  const said = match[2]?.trim() ?? '';
  if (kind === 'unique' || kind === 'notNull') return { kind, ...columnsDetails(said) };

  const table = WRITTEN_TABLE.exec(error.message)?.[1];
  const constraint = kind === 'check' && IDENTIFIER.test(said) ? said : undefined;
  return { kind, ...(table ? { table } : {}), ...(constraint ? { constraint } : {}) };
}

const TRANSIENT_BY_CODE: Record<string, TransientFailure> = {
  // Another connection holds the lock this statement needs (another process writing the file).
  SQLITE_BUSY: 'busy',
  // A lock held by another connection of this process (a shared cache).
  SQLITE_LOCKED: 'busy',
  // The file cannot be opened (gone, or its directory unreadable).
  SQLITE_CANTOPEN: 'unavailable',
};

/** Reads a SQLite error as a transient failure, by its primary result code. */
export function sqliteTransientFailure(error: unknown): TransientFailure | undefined {
  const code = primaryCodeOf(error);
  return code === undefined ? undefined : TRANSIENT_BY_CODE[code];
}
