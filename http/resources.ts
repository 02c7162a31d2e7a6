import type { JSONSchema } from 'objection';
import { idColumnOf, type SoftDeleteColumns, softDeleteOf, tableNameOf } from '../lib';
import type { ResourceModel } from './options';
import { type RelationInfo, relationsOf } from './relations';

/** A JSON-schema type name of a column that a query string can carry. */
export type ScalarType = 'string' | 'integer' | 'number' | 'boolean';

const SCALAR_TYPES: readonly string[] = ['string', 'integer', 'number', 'boolean'];
const TIMESTAMP_COLUMNS = ['created_at', 'updated_at'];

/** A column of a resource, from its model's JSON schema. */
export interface Column {
  name: string;
  type: ScalarType;
  isNullable: boolean;
  schema: JSONSchema;
}

/** One model served over HTTP: its name (the table), its columns and its relations. */
export interface Resource {
  name: string;
  model: ResourceModel;
  /** The columns a client may filter on and write: the JSON schema's scalar properties. */
  columns: Map<string, Column>;
  /** What `sort` accepts: the columns plus the timestamps the layer keeps. */
  sortable: string[];
  /** Columns the layer keeps, which bodies may carry (a row read back) but never set. */
  readOnly: string[];
  relations: Map<string, RelationInfo>;
  /** The soft-delete columns of a soft-deletable model: its DELETE keeps the row, restorable. */
  softDelete: SoftDeleteColumns | undefined;
}

function columnOf(name: string, schema: JSONSchema): Column | undefined {
  const types = ([] as string[]).concat(schema.type ?? []);
  const scalar = types.filter((type) => type !== 'null');
  const [type] = scalar;
  if (scalar.length !== 1 || type === undefined || !SCALAR_TYPES.includes(type)) return undefined;
  return { name, type: type as ScalarType, isNullable: types.includes('null'), schema };
}

/**
 * The join-table extras that other models' relations put on `model`'s rows: `quantity` is in
 * Product's schema so that an order's products can carry it, but it is not a products column.
 */
function extrasOn(model: ResourceModel): Set<string> {
  const extras = new Set<string>();
  for (const relation of relationsOf(model)) {
    for (const inverse of relationsOf(relation.target)) {
      if (inverse.target === model) inverse.extras.forEach((extra) => extras.add(extra));
    }
  }
  return extras;
}

const described = new WeakMap<ResourceModel, Resource>();

/** Describes `model` as a resource, from its table name, JSON schema and relations. */
export function describeResource(model: ResourceModel): Resource {
  let resource = described.get(model);
  if (!resource) described.set(model, (resource = buildResource(model)));
  return resource;
}

function buildResource(model: ResourceModel): Resource {
  if (typeof idColumnOf(model) !== 'string') {
    throw new Error(`${model.name} has a composite id, which the HTTP layer does not serve`);
  }
  const extras = extrasOn(model);
  const properties = Object.entries(model.jsonSchema?.properties ?? {});
  const columns = new Map<string, Column>();
  for (const [name, schema] of properties) {
    const column = typeof schema === 'object' && !extras.has(name) && columnOf(name, schema);
    if (column) columns.set(name, column);
  }
  const timestamps = model.hasTimestamps ? TIMESTAMP_COLUMNS : [];
  const softDelete = softDeleteOf(model);
  const softDeleteColumns = softDelete ? [softDelete.column, softDelete.deletionColumn] : [];
  return {
    name: tableNameOf(model),
    model,
    columns,
    sortable: [...columns.keys(), ...timestamps],
    readOnly: [...timestamps, ...softDeleteColumns],
    relations: new Map(relationsOf(model).map((relation) => [relation.name, relation])),
    softDelete,
  };
}

/**
 * A relation of a served model whose target is not served would be half-served: its rows under
 * `/products/{id}/reviews`, but no `/reviews`, and no schema of their own in the document.
 */
function refuseUnservedTargets(models: readonly ResourceModel[]): void {
  const served = new Set(models);
  for (const model of models) {
    for (const { name, targets } of relationsOf(model)) {
      for (const target of targets) {
        if (served.has(target)) continue;
        throw new Error(
          `${model.name}.${name} leads to ${target.name}, which is not among the models to serve: ` +
            `add ${target.name} to \`models\``,
        );
      }
    }
  }
}

/**
 * One resource per model, by name; two models on one table, or a relation to a model that is
 * not served, are configuration errors.
 */
export function describeResources(models: readonly ResourceModel[]): Map<string, Resource> {
  refuseUnservedTargets(models);
  const resources = new Map<string, Resource>();
  for (const model of models) {
    const resource = describeResource(model);
    if (resources.has(resource.name)) {
      throw new Error(`two models serve the table "${resource.name}"`);
    }
    resources.set(resource.name, resource);
  }
  return resources;
}
