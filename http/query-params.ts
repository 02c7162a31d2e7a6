import { type FieldError, unstorableTextReason, ValidationFailedError } from '../lib';
import type { ResolvedOptions } from './options';
import { parseInclude, type RelationTree } from './relation-tree';
import type { Column, Resource } from './resources';

/** The query string of a request, as Express parsed it. */
export type QueryString = Record<string, unknown>;

export interface SortKey {
  column: string;
  isDescending: boolean;
}

/** What a list request asks for, checked against the resource. */
export interface ListQuery {
  include: RelationTree;
  /** Exact matches, values already of the column's type; `null` matches NULL. */
  filters: Array<{ column: string; value: string | number | boolean | null }>;
  sort: SortKey[];
  limit: number;
  offset: number;
  /** Whether soft-deleted rows are listed too (`withDeleted=true`). */
  withDeleted: boolean;
}

/** What a request for one row asks for. */
export interface RowQuery {
  include: RelationTree;
  /** Whether a soft-deleted row is found too (`withDeleted=true`). */
  withDeleted: boolean;
}

const WITH_DELETED = 'withDeleted';
const LIST_PARAMETERS = ['include', 'sort', 'limit', 'offset', WITH_DELETED];

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

type Parsed<T> = { value: T } | { error: string };

/** A query-string value as a value of the column's type, or what is wrong with it. */
export function coerce(column: Column, raw: string): Parsed<string | number | boolean | null> {
  if (raw === 'null' && column.isNullable && column.type !== 'string') return { value: null };
  switch (column.type) {
    case 'string': {
      // Refused as a body's value would be: the same answer on every database.
      const reason = unstorableTextReason(raw);
      return reason ? { error: reason } : { value: raw };
    }
    case 'boolean':
      return raw === 'true' || raw === 'false'
        ? { value: raw === 'true' }
        : { error: 'must be true or false' };
    case 'integer':
      return INTEGER.test(raw) && Number.isSafeInteger(Number(raw))
        ? { value: Number(raw) }
        : { error: 'must be an integer' };
    case 'number':
      return NUMBER.test(raw) && Number.isFinite(Number(raw))
        ? { value: Number(raw) }
        : { error: 'must be a number' };
  }
}

function parseCount(raw: string, max: number): Parsed<number> {
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    return { error: 'must be a non-negative integer' };
  }
  const value = Number(raw);
  return value > max ? { error: `must be at most ${max}` } : { value };
}

function parseSort(resource: Resource, raw: string, errors: FieldError[]): SortKey[] {
  const keys: SortKey[] = [];
  for (const part of raw.split(',').map((key) => key.trim())) {
    if (part === '') continue;
    const column = part.replace(/^-/, '');
    if (!resource.sortable.includes(column)) {
      errors.push({
        path: 'sort',
        message: `cannot sort by "${column}"; sort by ${resource.sortable.join(', ')}`,
      });
    } else {
      keys.push({ column, isDescending: part.startsWith('-') });
    }
  }
  return keys;
}

/** The string a parameter was given once; repeated or nested parameters are refused. */
function singleValues(query: QueryString, errors: FieldError[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string') values.set(name, value);
    else errors.push({ path: name, message: 'must be given once, as a plain value' });
  }
  return values;
}

/** `withDeleted`, which only a soft-deletable resource accepts: `true` or `false`. */
function parseWithDeleted(
  resource: Resource,
  values: Map<string, string>,
  errors: FieldError[],
): boolean {
  const raw = values.get(WITH_DELETED);
  if (raw === undefined) return false;
  if (!resource.softDelete) {
    errors.push({
      path: WITH_DELETED,
      message: `is not a parameter of ${resource.name}, whose rows are never soft-deleted`,
    });
  } else if (raw !== 'true' && raw !== 'false') {
    errors.push({ path: WITH_DELETED, message: 'must be true or false' });
  }
  return raw === 'true';
}

function refuse(errors: FieldError[]): void {
  if (errors.length > 0) throw new ValidationFailedError(errors, { model: 'The query string' });
}

/** Parses `include` alone: what a request for one row accepts. */
export function parseIncludeQuery(
  resource: Resource,
  query: QueryString,
  options: ResolvedOptions,
): RelationTree {
  const errors: FieldError[] = [];
  const values = singleValues(query, errors);
  for (const name of values.keys()) {
    if (name !== 'include') errors.push({ path: name, message: 'is not a parameter here' });
  }
  refuse(errors);
  return parseInclude(resource.model, values.get('include') ?? '', options.maxDepth);
}

/** Parses the query string of a request for one row: `include`, and `withDeleted`. */
export function parseRowQuery(
  resource: Resource,
  query: QueryString,
  options: ResolvedOptions,
): RowQuery {
  const errors: FieldError[] = [];
  const values = singleValues(query, errors);
  for (const name of values.keys()) {
    if (name !== 'include' && name !== WITH_DELETED) {
      errors.push({ path: name, message: 'is not a parameter here' });
    }
  }
  const withDeleted = parseWithDeleted(resource, values, errors);
  refuse(errors);
  const include = parseInclude(resource.model, values.get('include') ?? '', options.maxDepth);
  return { include, withDeleted };
}

/** Parses the query string of a list request: include, exact-match filters, sort and page. */
export function parseListQuery(
  resource: Resource,
  query: QueryString,
  options: ResolvedOptions,
): ListQuery {
  const errors: FieldError[] = [];
  const values = singleValues(query, errors);
  const include = parseInclude(resource.model, values.get('include') ?? '', options.maxDepth);
  const sort = parseSort(resource, values.get('sort') ?? '', errors);
  const withDeleted = parseWithDeleted(resource, values, errors);
  const page = { limit: options.defaultLimit, offset: 0 };
  for (const [name, max] of [
    ['limit', options.maxLimit],
    ['offset', Number.MAX_SAFE_INTEGER],
  ] as const) {
    const raw = values.get(name);
    if (raw === undefined) continue;
    const parsed = parseCount(raw, max);
    if ('error' in parsed) errors.push({ path: name, message: parsed.error });
    else page[name] = parsed.value;
  }
  const filters: ListQuery['filters'] = [];
  for (const [name, raw] of values) {
    if (LIST_PARAMETERS.includes(name)) continue;
    const column = resource.columns.get(name);
    if (!column) {
      const known = [...resource.columns.keys(), ...LIST_PARAMETERS].join(', ');
      errors.push({ path: name, message: `is not a parameter of ${resource.name}; use ${known}` });
      continue;
    }
    const parsed = coerce(column, raw);
    if ('error' in parsed) errors.push({ path: name, message: parsed.error });
    else filters.push({ column: name, value: parsed.value });
  }
  refuse(errors);
  return { include, filters, sort, ...page, withDeleted };
}
