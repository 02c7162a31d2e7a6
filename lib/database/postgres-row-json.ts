import type { ColumnInfo, SqlFragment } from './dialect';

// What JavaScript reads for NaN and the infinities is a number JSON cannot hold: it writes null.
const notFinite = (text: string) =>
  `nullif(nullif(nullif(${text}, 'NaN'), 'Infinity'), '-Infinity')`;

// The layer's type parsers (postgres.ts) read timestamps as `new Date(text).toISOString()`, which
// keeps whole milliseconds, cut, not rounded: to_char's MS does the same. Years before 1000 and
// after 9999 print differently in JavaScript; the layer's tables hold none.
const ISO_MILLISECONDS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const quoted = (text: string) => `'"' || ${text} || '"'`;

/**
 * The JSON text of one column's value as the driver hands it to JavaScript, by the column's type
 * name (`pg_type.typname`), or `undefined` for the types it has no exact SQL for: `date` (read as
 * a local-time Date), `bytea` (a Buffer), arrays, ranges, enums, domains and the rest.
 */
const VALUE_BY_TYPE = new Map<string, (ref: () => string) => string>(
  Object.entries({
    int2: (ref) => `${ref()}::text`,
    int4: (ref) => `${ref()}::text`,
    // pg reads int8 and numeric as JavaScript numbers (postgres.ts). Their text is JSON that parses
    // to the same number: numeric keeps its scale (`2.50`), which parses to the 2.5 JavaScript holds.
    int8: (ref) => `${ref()}::text`,
    numeric: (ref) => notFinite(`${ref()}::text`),
    float4: (ref) => notFinite(`${ref()}::text`),
    float8: (ref) => notFinite(`${ref()}::text`),
    bool: (ref) => `${ref()}::text`,
    text: (ref) => `to_json(${ref()})::text`,
    varchar: (ref) => `to_json(${ref()})::text`,
    bpchar: (ref) => `to_json(${ref()})::text`,
    uuid: (ref) => `to_json(${ref()})::text`,
    // pg parses JSON columns; serialised again, they give the same value.
    json: (ref) => `${ref()}::text`,
    jsonb: (ref) => `${ref()}::text`,
    timestamptz: (ref) => quoted(`to_char(${ref()} AT TIME ZONE 'UTC', ${ISO_MILLISECONDS})`),
    // pg's parser reads a timestamp without time zone as UTC.
    timestamp: (ref) => quoted(`to_char(${ref()}, ${ISO_MILLISECONDS})`),
  }),
);

/**
 * The JSON object of a row as concatenated text, `'{"id":' || id::text || ',…}'`: several times
 * cheaper than `json_build_object`, whose variadic arguments are looked up value by value. Each
 * key comes as a bound string with its punctuation, each value through `coalesce(…, 'null')`.
 * The ISO timestamp columns are already ISO-8601 when pg reads them (BaseModel leaves them as
 * they are), if they are timestamps; as text they would need BaseModel's rewrite, which this has
 * no SQL for.
 */
export function postgresRowJson(
  columns: readonly ColumnInfo[],
  isoTimestampColumns: readonly string[],
): SqlFragment | undefined {
  const bindings: string[] = [];
  const parts: string[] = [];
  for (const [index, { name, type }] of columns.entries()) {
    const value = VALUE_BY_TYPE.get(type);
    const isTimestamp = type === 'timestamptz' || type === 'timestamp';
    if (!value || (isoTimestampColumns.includes(name) && !isTimestamp)) return undefined;
    bindings.push(`${index === 0 ? '{' : ','}${JSON.stringify(name)}:`);
    parts.push('?::text');
    // Each use of the column is one `??` placeholder, bound in the order the SQL names them.
    parts.push(`coalesce(${value(() => (bindings.push(name), '??'))}, 'null')`);
  }
  if (parts.length === 0) return undefined;
  return { sql: `(${parts.join(' || ')} || '}')`, bindings };
}
