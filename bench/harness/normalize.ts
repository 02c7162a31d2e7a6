/** How a column compares across contenders that type it differently. */
export type ColumnKind = 'number' | 'string' | 'time' | 'present';

/** The columns of one kind of row, and the relations nested under it. */
export interface Shape {
  readonly columns: Readonly<Record<string, ColumnKind>>;
  readonly relations?: Readonly<Record<string, Shape>>;
}

/** Rows in the order given (`input`), or sorted by id at every level (`id`). */
export type RowOrder = 'input' | 'id';

type Plain = Record<string, unknown>;

// SQLite's CURRENT_TIMESTAMP: UTC without a zone.
const SQLITE_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;

function epochOf(value: unknown): number {
  const text = String(value);
  return Date.parse(SQLITE_TIMESTAMP.test(text) ? `${text.replace(' ', 'T')}Z` : text);
}

function column(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'number':
      return Number(value); // PostgreSQL numeric comes as a string from Sequelize and TypeORM
    case 'string':
      return String(value);
    case 'time':
      return epochOf(value);
    case 'present':
      return true;
  }
}

function row(value: Plain, shape: Shape, order: RowOrder): Plain {
  const out: Plain = {};
  for (const [name, kind] of Object.entries(shape.columns)) out[name] = column(kind, value[name]);
  for (const [name, related] of Object.entries(shape.relations ?? {})) {
    out[name] = rows(value[name] as Plain[] | undefined, related, order);
  }
  return out;
}

function rows(values: Plain[] | undefined, shape: Shape, order: RowOrder): Plain[] {
  const out = (values ?? []).map((value) => row(value, shape, order));
  return order === 'id' ? out.sort((a, b) => Number(a.id) - Number(b.id)) : out;
}

/**
 * The same plain JSON from any contender's rows (model instances, Sequelize instances, entities
 * or plain rows): the columns of `shape` only, each typed one way, related rows nested.
 */
export function normalize(value: unknown, shape: Shape, order: RowOrder): Plain[] {
  return rows(JSON.parse(JSON.stringify(value ?? [])) as Plain[], shape, order);
}
