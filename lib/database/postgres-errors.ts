import { DatabaseError } from 'pg';
import type { ConstraintFailure } from './dialect';

// SQLSTATE class 23, integrity constraint violation.
const KIND_BY_SQLSTATE: Record<string, ConstraintFailure['kind']> = {
  '23505': 'unique',
  '23503': 'foreignKey',
  '23502': 'notNull',
  '23514': 'check',
};

const IDENTIFIER = /^[A-Za-z_][\w$]*$/;

function unquote(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}

/**
 * The columns in a detail such as `Key (shop_id, name)=(1, Rice) already exists.` The values
 * follow the first `)=(` and are never read; a key that is not a plain column list (an index on
 * an expression) gives nothing rather than a guess.
 */
function keyColumns(detail: string | undefined): string[] | undefined {
  const list = /^Key \((.+?)\)=\(/.exec(detail ?? '')?.[1];
  const columns = list?.split(', ').map(unquote);
  return columns?.every((column) => IDENTIFIER.test(column)) ? columns : undefined;
}

function columnsOf(kind: ConstraintFailure['kind'], error: DatabaseError): string[] | undefined {
  switch (kind) {
    case 'unique':
      return keyColumns(error.detail);
    case 'notNull':
      return error.column ? [error.column] : undefined;
    case 'foreignKey':
      // On INSERT/UPDATE the key is the referencing row's; on DELETE ("is still referenced") it
      // is the deleted row's, which belongs to another table than `error.table`.
      return /is not present in table/.test(error.detail ?? '')
        ? keyColumns(error.detail)
        : undefined;
    case 'check':
      return undefined;
  }
}

/**
 * Reads a PostgreSQL constraint error: the server reports the table and the constraint's name
 * in fields of their own, the column of a NOT NULL failure, and the key columns in the detail.
 */
export function postgresConstraintFailure(error: unknown): ConstraintFailure | undefined {
  if (!(error instanceof DatabaseError)) return undefined;
  const kind = KIND_BY_SQLSTATE[error.code ?? ''];
  if (!kind) return undefined;
  const details = {
    table: error.table,
    columns: columnsOf(kind, error),
    constraint: error.constraint,
  };
  return {
    kind,
    ...Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)),
  };
}
