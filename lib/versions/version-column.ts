import type { Model, ModelClass } from 'objection';
import { StaleVersionError } from '../errors';
import { propsOf } from '../objection/model-props';

/** The version a row gets when it is inserted; the migration's column default says the same. */
export const INITIAL_VERSION = 1;

interface VersionedClass {
  readonly versionColumn?: string | null;
}

/**
 * The version column `modelClass` declares (`static versionColumn = 'version'`), as a column
 * and as the property it is read into, or undefined for a model without one.
 *
 * @example
 * versionOf(Product) // { column: 'version', prop: 'version' }
 */
export function versionOf(
  modelClass: ModelClass<Model>,
): { column: string; prop: string } | undefined {
  // A layer model declares it on BaseModel; a plain Objection model has no such property.
  // eslint-disable-next-line no-restricted-syntax -- ModelClass<Model> does not name the layer's statics
  const column = (modelClass as unknown as VersionedClass).versionColumn;
  if (typeof column !== 'string') return undefined;
  return { column, prop: modelClass.columnNameToPropertyName(column) };
}

/** The version a model holds (read from its row, or given by a caller), or undefined. */
export function versionValueOf(model: Model, prop: string): unknown {
  const value = propsOf(model)[prop];
  return value === null ? undefined : value;
}

/**
 * Refuses a graph node that names a version its row no longer has: `current` is the row, read
 * and locked in the write's transaction, so no other write can change it before this one.
 *
 * @example
 * refuseStaleNode(Product, { column: 'version', prop: 'version' }, node, row);
 */
export function refuseStaleNode(
  modelClass: ModelClass<Model>,
  version: { prop: string },
  node: Model,
  current: Model,
): void {
  const given = versionValueOf(node, version.prop);
  if (given === undefined) return;
  const stored = versionValueOf(current, version.prop);
  // As numbers: a driver may read an integer back as text.
  if (Number(given) !== Number(stored))
    throw new StaleVersionError(modelClass.name, current.$id(), given);
}
