import { createHash } from 'node:crypto';
import type { Resource } from './resources';

type RowJson = Record<string, unknown>;

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 27);
}

/** The row's own columns, in a fixed order, as the row's JSON has them. */
function storedValues(resource: Resource, row: RowJson): unknown[] {
  const names = ['id', ...resource.columns.keys(), ...resource.readOnly].filter(
    (name, index, all) => all.indexOf(name) === index,
  );
  return names.sort().map((name) => [name, row[name] ?? null]);
}

/**
 * The strong ETag of one row, from its JSON (`toJSON()`): `"v<version>"` for a model with a
 * version column, which every update through the layer raises; a digest of the id and
 * `updated_at` for a model with timestamps, which every update through the layer sets (to the
 * millisecond); for a model with neither, a digest of every stored value of the row. The same
 * row state gives the same ETag, on every dialect and in every process.
 *
 * @example
 * rowEtag(describeResource(Product), { id: 1, version: 3, … }) // '"v3"'
 */
export function rowEtag(resource: Resource, row: RowJson): string {
  const { model } = resource;
  if (model.versionColumn) {
    return `"v${String(row[model.columnNameToPropertyName(model.versionColumn)])}"`;
  }
  if (model.hasTimestamps) return `"${digest(JSON.stringify([row.id, row.updated_at]))}"`;
  return `"${digest(JSON.stringify(storedValues(resource, row)))}"`;
}

/**
 * The strong ETag of a representation with included relations: the row's ETag and a digest of
 * the whole body, so that a change of an included row changes it too. It is not the row's own
 * ETag, which `If-Match` compares with: a write's precondition names the row alone.
 */
export function includedEtag(rowTag: string, body: object): string {
  return `"${rowTag.slice(1, -1)}.${digest(JSON.stringify(body))}"`;
}

/** A parsed `If-Match` / `If-None-Match` value: `*`, or its entity tags. */
export type EtagCondition = { isAny: true } | { isAny: false; tags: string[] };

const ENTITY_TAG = /(W\/)?"[\x21\x23-\x7e\x80-\xff]*"/g;

/**
 * Reads an `If-Match` or `If-None-Match` field value (RFC 9110 §13.1): `*`, or a list of entity
 * tags, weak ones (`W/"…"`) kept with their prefix; what is not an entity tag is ignored.
 */
export function parseEtagCondition(value: string): EtagCondition {
  if (value.trim() === '*') return { isAny: true };
  return { isAny: false, tags: value.match(ENTITY_TAG) ?? [] };
}

/** Strong comparison (If-Match): identical tags, neither weak. */
export function matchesStrongly(condition: EtagCondition, etag: string): boolean {
  return condition.isAny || condition.tags.includes(etag);
}

/** Weak comparison (If-None-Match): identical once a `W/` prefix is taken off. */
export function matchesWeakly(condition: EtagCondition, etag: string): boolean {
  if (condition.isAny) return true;
  return condition.tags.some((tag) => (tag.startsWith('W/') ? tag.slice(2) : tag) === etag);
}
