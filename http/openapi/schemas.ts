import { idColumnOf } from '../../lib';
import type { ResourceModel } from '../options';
import type { RelationInfo } from '../relations';
import { describeResource } from '../resources';
import { publishedColumnSchema, requiredForeignKeys } from './columns';

/** A JSON schema as the OpenAPI document holds it (3.1: JSON Schema 2020-12). */
export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const TIMESTAMP: Schema = { type: 'string', format: 'date-time', readOnly: true };

/** The schema of the rows a relation holds: the target, plus the join-table extras if any. */
export function relatedItem(
  relation: RelationInfo,
  schemaName: (model: ResourceModel) => string,
): Schema {
  // A morphTo's row is one of its morph map's models.
  if (relation.targets.length > 1)
    return { oneOf: relation.targets.map((t) => ref(schemaName(t))) };
  if (relation.extras.length === 0) return ref(schemaName(relation.target));
  const extras = extraSchemas(relation);
  return { allOf: [ref(schemaName(relation.target)), { type: 'object', properties: extras }] };
}

/** The join-table columns a relation's rows carry, with the target's schemas for them. */
function extraSchemas(relation: RelationInfo): Record<string, Schema> {
  const properties = relation.target.jsonSchema?.properties ?? {};
  return Object.fromEntries(
    relation.extras.map((extra) => {
      const schema = properties[extra];
      return [extra, typeof schema === 'object' ? publishedColumnSchema(schema) : {}];
    }),
  );
}

function relationSchema(
  relation: RelationInfo,
  schemaName: (model: ResourceModel) => string,
  description: string,
): Schema {
  const item = relatedItem(relation, schemaName);
  if (relation.isToMany) return { type: 'array', items: item, description };
  return { anyOf: [item, { type: 'null' }], description };
}

function columnSchemas(model: ResourceModel, withId: boolean): Record<string, Schema> {
  const { columns } = describeResource(model);
  return Object.fromEntries(
    [...columns.values()]
      .filter((column) => withId || column.name !== idColumnOf(model))
      .map((column) => [column.name, publishedColumnSchema(column.schema)]),
  );
}

/** A row as responses carry it: every column, the timestamps, and relations when included. */
export function rowSchema(model: ResourceModel): Schema {
  const { columns, relations } = describeResource(model);
  const timestamps = model.hasTimestamps ? ['created_at', 'updated_at'] : [];
  const properties: Record<string, unknown> = {
    ...columnSchemas(model, true),
    [String(idColumnOf(model))]: { type: 'integer', readOnly: true },
    ...Object.fromEntries(timestamps.map((name) => [name, TIMESTAMP])),
  };
  const { softDelete } = describeResource(model);
  if (softDelete) {
    properties[softDelete.column] = {
      type: ['string', 'null'],
      format: 'date-time',
      readOnly: true,
      description: 'When the row was soft-deleted; null while it is live',
    };
    properties[softDelete.deletionColumn] = {
      type: ['string', 'null'],
      readOnly: true,
      description:
        'The soft delete that reached the row (a restore reads it); null while it is live',
    };
  }
  for (const relation of relations.values()) {
    properties[relation.name] = relationSchema(relation, (m) => m.name, 'Present when included');
  }
  return {
    type: 'object',
    properties,
    required: [...new Set([String(idColumnOf(model)), ...columns.keys(), ...timestamps])],
  };
}

/**
 * The body of POST (`creates`) and PUT: the model's columns, its required ones, its writable
 * relations. A new row must also name the rows it belongs to (its NOT NULL foreign keys); a
 * replaced one keeps them unless the body changes them.
 */
export function inputSchema(model: ResourceModel, { creates }: { creates: boolean }): Schema {
  const { relations } = describeResource(model);
  const ownRequired = (model.jsonSchema?.required ?? []).filter(
    (name) => name !== idColumnOf(model),
  );
  const required = [...new Set([...ownRequired, ...(creates ? requiredForeignKeys(model) : [])])];
  return {
    type: 'object',
    properties: { ...columnSchemas(model, false), ...writableRelationSchemas(relations) },
    ...(required.length > 0 ? { required } : {}),
  };
}

/** A nested node of a written graph: with an `id` it refers to an existing row. */
export function nodeSchema(model: ResourceModel): Schema {
  const { relations } = describeResource(model);
  return {
    type: 'object',
    description:
      `A ${model.name} with an id refers to an existing child of the row written (another ` +
      `parent's is a 404 NOT_FOUND); without one, it is created`,
    properties: { ...columnSchemas(model, true), ...writableRelationSchemas(relations) },
  };
}

/**
 * A node of a many-to-many relation that only links its targets: with an id it links (or keeps)
 * the target and sets the join-table extras, and carries nothing else of the target, which is
 * edited through its own resource; without one, it creates a new target.
 */
function linkOrNewItem(relation: RelationInfo): Schema {
  const target = relation.target;
  const link: Schema = {
    type: 'object',
    description:
      `Links an existing ${target.name} by id (a 404 NOT_FOUND when there is none), with the ` +
      `join-table extras; any other field of the ${target.name} is a 400 VALIDATION_FAILED`,
    properties: { id: { type: 'integer', minimum: 1 }, ...extraSchemas(relation) },
    required: ['id'],
    additionalProperties: false,
  };
  const created: Schema = {
    allOf: [relatedItem(relation, (m) => `${m.name}Node`), { not: { required: ['id'] } }],
    description: `Creates a new ${target.name} and links it`,
  };
  return { anyOf: [link, created] };
}

/** The body of PATCH: any of the model's own columns. */
export function patchSchema(model: ResourceModel): Schema {
  return { type: 'object', properties: columnSchemas(model, false) };
}

function writableRelationSchemas(relations: Map<string, RelationInfo>): Record<string, Schema> {
  const writable = [...relations.values()].filter((relation) => relation.isWritable);
  return Object.fromEntries(
    writable.map((relation) => {
      const description = `Written as a graph; children left out of a PUT are removed by the "${relation.policy}" delete policy`;
      if (!relation.isLinkOnly) {
        return [relation.name, relationSchema(relation, (m) => `${m.name}Node`, description)];
      }
      const item = linkOrNewItem(relation);
      const schema = relation.isToMany
        ? { type: 'array', items: item, description }
        : { anyOf: [item, { type: 'null' }], description };
      return [relation.name, schema];
    }),
  );
}

/** A page of a list response whose rows have the schema `item`. */
export function pageSchema(item: Schema): Schema {
  return {
    type: 'object',
    properties: {
      data: { type: 'array', items: item },
      total: { type: 'integer', minimum: 0 },
      limit: { type: 'integer', minimum: 0 },
      offset: { type: 'integer', minimum: 0 },
    },
    required: ['data', 'total', 'limit', 'offset'],
  };
}

/** The RFC 9457 problem document every error response carries. */
export const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'The layer’s stable error code' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
        required: ['path', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
};
