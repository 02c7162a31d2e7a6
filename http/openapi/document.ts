import type { ResolvedOptions, ResourceModel } from '../options';
import { relationsOf } from '../relations';
import { describeResource, type Resource } from '../resources';
import { ID_PARAMETER, includeParameters, listParameters, rowParameters } from './parameters';
import { operations, problemResponses } from './operations';
import {
  inputSchema,
  nodeSchema,
  pageSchema,
  patchSchema,
  PROBLEM_SCHEMA,
  ref,
  rowSchema,
  type Schema,
} from './schemas';

/** An OpenAPI 3.1 document. */
export type OpenApiDocument = Record<string, unknown>;

/** Every model the served ones reach through their relations: all need schemas. */
function reachableModels(resources: Resource[]): ResourceModel[] {
  const seen = new Set<ResourceModel>();
  const visit = (model: ResourceModel) => {
    if (seen.has(model)) return;
    seen.add(model);
    relationsOf(model).forEach((relation) => relation.targets.forEach(visit));
  };
  resources.forEach((resource) => visit(resource.model));
  return [...seen];
}

/** Every model a written graph can nest below the served ones: each needs a node schema. */
function nestableModels(resources: Resource[]): ResourceModel[] {
  const seen = new Set<ResourceModel>();
  const visit = (model: ResourceModel) => {
    for (const relation of relationsOf(model)) {
      if (!relation.isWritable || seen.has(relation.target)) continue;
      seen.add(relation.target);
      visit(relation.target);
    }
  };
  resources.forEach((resource) => visit(resource.model));
  return [...seen];
}

function componentSchemas(resources: Resource[]): Record<string, Schema> {
  const schemas: Record<string, Schema> = { Problem: PROBLEM_SCHEMA };
  for (const model of reachableModels(resources)) schemas[model.name] = rowSchema(model);
  for (const model of nestableModels(resources)) schemas[`${model.name}Node`] = nodeSchema(model);
  for (const { model } of resources) {
    schemas[`${model.name}Input`] = inputSchema(model, { creates: true });
    schemas[`${model.name}Replacement`] = inputSchema(model, { creates: false });
    schemas[`${model.name}Patch`] = patchSchema(model);
    schemas[`${model.name}Page`] = pageSchema(ref(model.name));
  }
  return schemas;
}

function resourcePaths(resource: Resource, options: ResolvedOptions): Record<string, unknown> {
  const ops = operations(resource);
  const paths: Record<string, unknown> = {
    [`/${resource.name}`]: {
      get: ops.list(listParameters(resource, options)),
      post: ops.create(),
    },
    [`/${resource.name}/{id}`]: {
      parameters: [ID_PARAMETER],
      get: ops.get(rowParameters(resource, options)),
      put: ops.replace(),
      patch: ops.update(),
      delete: ops.remove(),
    },
  };
  if (resource.softDelete) {
    paths[`/${resource.name}/{id}/restore`] = { parameters: [ID_PARAMETER], post: ops.restore() };
  }
  for (const relation of resource.relations.values()) {
    const target = describeResource(relation.target);
    const parameters = relation.isToMany
      ? listParameters(target, options)
      : includeParameters(target, options);
    paths[`/${resource.name}/{id}/${relation.name}`] = {
      parameters: [ID_PARAMETER],
      get: ops.related(relation, parameters),
    };
  }
  return paths;
}

const SERVICE_TAG = {
  name: 'service',
  description: 'The state of the API and this document',
};

const SERVICE_PATHS = {
  '/health': {
    get: {
      operationId: 'health',
      summary: 'Whether the API and its database answer',
      description:
        'A round-trip to the database, within 3 s; for load balancers and orchestrators, never cached',
      tags: [SERVICE_TAG.name],
      responses: {
        200: {
          description:
            'The database answered; with read replicas, `degraded` while one is out of rotation (the primary then answers its reads)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['status'],
                properties: {
                  status: { enum: ['ok', 'degraded'] },
                  replicas: {
                    type: 'array',
                    description: 'Each read replica as of its last check',
                    items: {
                      type: 'object',
                      required: ['name', 'state'],
                      properties: {
                        name: { type: 'string', description: 'Its URL without the password' },
                        state: { enum: ['starting', 'up', 'lagging', 'down', 'not-a-replica'] },
                        lagMs: { type: 'number' },
                        replayedPosition: { type: 'string' },
                        reason: { type: 'string' },
                        checkedAt: { type: 'string', format: 'date-time' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        ...problemResponses([400]),
      },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'openApiDocument',
      summary: 'This document',
      description:
        'The OpenAPI 3.1 document of the API, generated from the models it serves; its server is where the API is mounted',
      tags: [SERVICE_TAG.name],
      responses: {
        200: {
          description: 'The OpenAPI document',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        ...problemResponses([400], { reachesDatabase: false }),
      },
    },
  },
};

// What holds for every path, including those the document cannot list (an unknown path, a
// method a path does not serve).
const CONVENTIONS =
  'One resource per model, named by its table: a collection, its rows, and one read-only path per relation. ' +
  'Bodies and answers are JSON; every error is an RFC 9457 `application/problem+json` document with a stable `code`. ' +
  'A path the API does not serve is a 404 NOT_FOUND, and a method a path does not list a 405 METHOD_NOT_ALLOWED with an `Allow` header; HEAD follows GET.';

/**
 * The OpenAPI 3.1 document of the API, generated from the models: one path per resource, row
 * and relation, their parameters (the include paths and filters each accepts), request and
 * response schemas from the models' JSON schemas, and the problem documents of every error.
 */
export function buildOpenApiDocument(
  resources: Resource[],
  options: ResolvedOptions,
): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { description: CONVENTIONS, ...options.apiInfo },
    tags: [
      ...resources.map((resource) => ({
        name: resource.name,
        description: `The ${resource.model.name} rows and their relations`,
      })),
      SERVICE_TAG,
    ],
    paths: Object.assign(
      {},
      SERVICE_PATHS,
      ...resources.map((resource) => resourcePaths(resource, options)),
    ),
    components: { schemas: componentSchemas(resources) },
  };
}
