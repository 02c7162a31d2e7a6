import type { ResolvedOptions, ResourceModel } from '../options';
import { relationsOf } from '../relations';
import { describeResource, type Resource } from '../resources';
import { ID_PARAMETER, includeParameters, listParameters } from './parameters';
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
    relationsOf(model).forEach((relation) => visit(relation.target));
  };
  resources.forEach((resource) => visit(resource.model));
  return [...seen];
}

function componentSchemas(resources: Resource[]): Record<string, Schema> {
  const schemas: Record<string, Schema> = { Problem: PROBLEM_SCHEMA };
  for (const model of reachableModels(resources)) {
    schemas[model.name] = rowSchema(model);
    schemas[`${model.name}Node`] = nodeSchema(model);
  }
  for (const { model } of resources) {
    schemas[`${model.name}Input`] = inputSchema(model);
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
      get: ops.get(includeParameters(resource, options)),
      put: ops.replace(),
      patch: ops.update(),
      delete: ops.remove(),
    },
  };
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

const SERVICE_PATHS = {
  '/health': {
    get: {
      operationId: 'health',
      summary: 'Whether the API and its database answer',
      responses: {
        200: {
          description: 'The database answered',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { status: { const: 'ok' } } },
            },
          },
        },
        ...problemResponses(400),
      },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'openApiDocument',
      summary: 'This document',
      responses: {
        200: { description: 'The OpenAPI document', content: { 'application/json': {} } },
      },
    },
  },
};

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
    info: options.apiInfo,
    tags: resources.map((resource) => ({ name: resource.name })),
    paths: Object.assign(
      {},
      SERVICE_PATHS,
      ...resources.map((resource) => resourcePaths(resource, options)),
    ),
    components: { schemas: componentSchemas(resources) },
  };
}
