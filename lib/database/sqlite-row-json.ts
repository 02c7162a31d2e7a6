import type { ColumnInfo, SqlFragment } from './dialect';

/** SQLite's type affinity of a declared column type (section 3.1 of its datatype docs). */
function affinityOf(type: string): 'integer' | 'text' | 'blob' | 'real' | 'numeric' {
  if (type.includes('int')) return 'integer';
  if (/char|clob|text/.test(type)) return 'text';
  if (type === '' || type.includes('blob')) return 'blob';
  if (/real|floa|doub/.test(type)) return 'real';
  return 'numeric';
}

const DIGIT = '[0-9]';
const CURRENT_TIMESTAMP_GLOB = `${DIGIT.repeat(4)}-${DIGIT.repeat(2)}-${DIGIT.repeat(2)} ${DIGIT.repeat(2)}:${DIGIT.repeat(2)}:${DIGIT.repeat(2)}`;

/**
 * `BaseModel`'s rewrite of SQLite's CURRENT_TIMESTAMP text (`2026-01-02 03:04:05[.fff…]`, UTC) to
 * ISO-8601 (`2026-01-02T03:04:05.fffZ`, the fraction cut or padded to 3 digits), for exactly the
 * values its regular expression matches; any other value passes unchanged.
 */
function isoTimestamp(ref: () => string): string {
  // The digits checked, `replace` swaps the one space: cheaper than cutting the text apart.
  return (
    `CASE WHEN ${ref()} GLOB '${CURRENT_TIMESTAMP_GLOB}' THEN replace(${ref()}, ' ', 'T') || '.000Z'` +
    ` WHEN ${ref()} GLOB '${CURRENT_TIMESTAMP_GLOB}.${DIGIT}*'` +
    ` AND substr(${ref()}, 21) NOT GLOB '*[^0-9]*'` +
    ` THEN replace(substr(${ref()}, 1, 19), ' ', 'T') || '.' || substr(substr(${ref()}, 21) || '00', 1, 3) || 'Z'` +
    ` ELSE ${ref()} END`
  );
}

/**
 * A REAL as JavaScript reads it. `json_object` prints reals with 15 significant digits, which
 * does not always give back the same double (0.1 + 0.2); those few get 17 digits, which always
 * do. JavaScript writes infinities as `null`.
 */
function exactReal(ref: () => string): string {
  return (
    `CASE WHEN typeof(${ref()}) <> 'real' THEN ${ref()}` +
    ` WHEN abs(${ref()}) = 9e999 THEN NULL` +
    ` WHEN CAST(printf('%!.15g', ${ref()}) AS REAL) = ${ref()} THEN ${ref()}` +
    ` ELSE json(printf('%!.17g', ${ref()})) END`
  );
}

/**
 * `json_object(…)` over the columns of a row, each value as the sqlite3 driver hands it to
 * JavaScript: integers and text as stored, reals exactly (only in columns whose affinity lets them
 * hold reals: REAL and NUMERIC, which covers `decimal`; an INTEGER column is taken to hold
 * integers), and the ISO timestamp columns rewritten as `BaseModel` does. A BLOB column (read as
 * a Buffer) has no such SQL.
 */
export function sqliteRowJson(
  columns: readonly ColumnInfo[],
  isoTimestampColumns: readonly string[],
): SqlFragment | undefined {
  const bindings: string[] = [];
  const entries: string[] = [];
  for (const { name, type } of columns) {
    const affinity = affinityOf(type);
    if (affinity === 'blob') return undefined;
    bindings.push(name);
    // Each use of the column is one `??` placeholder, bound in the order the SQL names them.
    const ref = () => (bindings.push(name), '??');
    if (isoTimestampColumns.includes(name)) entries.push(`?, ${isoTimestamp(ref)}`);
    else if (affinity === 'real' || affinity === 'numeric') entries.push(`?, ${exactReal(ref)}`);
    else entries.push(`?, ${ref()}`);
  }
  if (entries.length === 0) return undefined;
  return { sql: `json_object(${entries.join(', ')})`, bindings };
}
