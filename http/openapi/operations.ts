import type { RelationInfo } from '../relations';
import type { Resource } from '../resources';
import type { Parameter } from './parameters';
import { pageSchema, ref, relatedItem, type Schema } from './schemas';

const PROBLEMS: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED, INVALID_RELATION, MALFORMED_REQUEST, …)',
  404: 'No such row, or a nested id that is not one of its parent’s children (NOT_FOUND)',
  405: 'Method not supported on this path (METHOD_NOT_ALLOWED)',
  409: 'Conflicts with the data (UNIQUE_VIOLATION, FOREIGN_KEY_VIOLATION, DELETE_RESTRICTED)',
  413: 'The body is over the size limit (PAYLOAD_TOO_LARGE)',
  415: 'The body is not JSON (UNSUPPORTED_MEDIA_TYPE)',
  503: 'The database does not answer (DATABASE_UNAVAILABLE)',
};

/** Error responses for `statuses`, each an `application/problem+json` document. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEMS[status],
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
    ]),
  );
}

function json(description: string, schema: Schema) {
  return { description, content: { 'application/json': { schema } } };
}

function body(schema: Schema) {
  return { required: true, content: { 'application/json': { schema } } };
}

const capitalized = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/** The operations of one resource, named after its model (`listShops`, `createShop`, …). */
export function operations(resource: Resource) {
  const name = resource.model.name;
  const tags = [resource.name];
  const row = ref(name);
  const write = problemResponses(400, 404, 405, 409, 413, 415);

  return {
    list: (parameters: Parameter[]) => ({
      operationId: `list${capitalized(resource.name)}`,
      tags,
      parameters,
      responses: {
        200: json(`A page of ${resource.name}`, ref(`${name}Page`)),
        ...problemResponses(400),
      },
    }),
    create: () => ({
      operationId: `create${name}`,
      tags,
      description:
        'Inserts the body as a graph, in one transaction; a nested id links an existing row through a many-to-many relation, and must exist',
      requestBody: body(ref(`${name}Input`)),
      responses: {
        201: {
          ...json(`The created ${name}, with the relations the body carried`, row),
          headers: { Location: { schema: { type: 'string' } } },
        },
        ...problemResponses(400, 404, 409, 413, 415),
      },
    }),
    get: (parameters: Parameter[]) => ({
      operationId: `get${name}`,
      tags,
      parameters,
      responses: { 200: json(`The ${name}`, row), ...problemResponses(400, 404) },
    }),
    replace: () => ({
      operationId: `replace${name}`,
      tags,
      description:
        'Upserts the body as the whole graph; for each relation in the body, children left out are removed by their delete policy. A nested id must be one of the row’s children (a many-to-many one may be linked anew), or the PUT is a 404 and changes nothing',
      requestBody: body(ref(`${name}Input`)),
      responses: { 200: json(`The ${name} as replaced`, row), ...write },
    }),
    update: () => ({
      operationId: `update${name}`,
      tags,
      description: 'Changes the columns the body names',
      requestBody: body(ref(`${name}Patch`)),
      responses: { 200: json(`The ${name} as updated`, row), ...write },
    }),
    remove: () => ({
      operationId: `delete${name}`,
      tags,
      description: 'Deletes the row; its related rows follow their delete policies',
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 404, 409) },
    }),
    related: (relation: RelationInfo, parameters: Parameter[]) => {
      const item = relatedItem(relation, (model) => model.name);
      return {
        operationId: `get${name}${capitalized(relation.name)}`,
        tags,
        parameters,
        responses: {
          200: relation.isToMany
            ? json(`A page of the ${name}'s ${relation.name}`, pageSchema(item))
            : json(`The ${name}'s ${relation.name}`, item),
          ...problemResponses(400, 404),
        },
      };
    },
  };
}
