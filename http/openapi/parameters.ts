import type { ResolvedOptions } from '../options';
import { relationPaths } from '../relation-tree';
import type { Resource } from '../resources';
import type { Schema } from './schemas';

/** An OpenAPI parameter object. */
export type Parameter = Record<string, unknown>;

/** A comma-separated list in the query string (`include=a,b.c`), as OpenAPI spells it. */
function listParameter(name: string, values: string[], description: string): Parameter {
  return {
    name,
    in: 'query',
    description,
    style: 'form',
    explode: false,
    schema: { type: 'array', items: { type: 'string', enum: values } },
  };
}

export const ID_PARAMETER: Parameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'integer', minimum: 1 },
};

/** `include`, with every relation path the resource accepts; none when it has no relations. */
export function includeParameters(resource: Resource, options: ResolvedOptions): Parameter[] {
  const paths = relationPaths(resource.model, options.maxDepth);
  if (paths.length === 0) return [];
  const description = `Relations to load with each row, dotted for depth (at most ${options.maxDepth} levels)`;
  return [listParameter('include', paths, description)];
}

function filterParameter(resource: Resource, name: string): Parameter {
  const column = resource.columns.get(name)!;
  const schema: Schema = { type: column.isNullable ? [column.type, 'null'] : column.type };
  const nullable =
    column.isNullable && column.type !== 'string' ? '; `null` matches rows without a value' : '';
  return { name, in: 'query', description: `Exact match on ${name}${nullable}`, schema };
}

/** `withDeleted`, on a soft-deletable resource only. */
function withDeletedParameters(resource: Resource): Parameter[] {
  if (!resource.softDelete) return [];
  return [
    {
      name: 'withDeleted',
      in: 'query',
      description:
        'Soft-deleted rows too (a DELETE of this resource keeps the row, restorable), and the soft-deleted rows of the relations `include` loads',
      schema: { type: 'boolean', default: false },
    },
  ];
}

/** What a request for one row accepts: include, and withDeleted on a soft-deletable resource. */
export function rowParameters(resource: Resource, options: ResolvedOptions): Parameter[] {
  return [...includeParameters(resource, options), ...withDeletedParameters(resource)];
}

/** What a list of the resource accepts: include, sort, page and one filter per column. */
export function listParameters(resource: Resource, options: ResolvedOptions): Parameter[] {
  const sortValues = resource.sortable.flatMap((column) => [column, `-${column}`]);
  return [
    ...includeParameters(resource, options),
    listParameter('sort', sortValues, 'Sort keys, `-` for descending; ties are broken by id'),
    {
      name: 'limit',
      in: 'query',
      schema: {
        type: 'integer',
        minimum: 0,
        maximum: options.maxLimit,
        default: options.defaultLimit,
      },
    },
    { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
    ...withDeletedParameters(resource),
    ...[...resource.columns.keys()].map((name) => filterParameter(resource, name)),
  ];
}
