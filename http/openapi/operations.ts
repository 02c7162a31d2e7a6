import type { Problem } from '../problem';
import type { RelationInfo } from '../relations';
import type { Resource } from '../resources';
import type { Parameter } from './parameters';
import { pageSchema, ref, relatedItem, type Schema } from './schemas';

interface ProblemStatus {
  description: string;
  codes: Array<Problem['code']>;
}

const PROBLEMS: Record<number, ProblemStatus> = {
  400: {
    description:
      'Invalid input: a field, a query parameter, a body nested over the depth limit, text with a NUL character or a lone surrogate, a query string that does not decode',
    codes: [
      'VALIDATION_FAILED',
      'INVALID_RELATION',
      'MALFORMED_REQUEST',
      'CHECK_VIOLATION',
      'NOT_NULL_VIOLATION',
    ],
  },
  404: {
    description: 'No such row, or a nested id that is not one of its parent’s children',
    codes: ['NOT_FOUND'],
  },
  405: { description: 'Method not supported on this path', codes: ['METHOD_NOT_ALLOWED'] },
  409: {
    description:
      'Conflicts with the data, or with concurrent writes through every retry; nothing was written',
    codes: [
      'UNIQUE_VIOLATION',
      'FOREIGN_KEY_VIOLATION',
      'DELETE_RESTRICTED',
      'PARENT_DELETED',
      'CONCURRENT_WRITE_CONFLICT',
      'STALE_VERSION',
    ],
  },
  412: {
    description:
      'If-Match names no current ETag of the row (it changed since it was read, or it is gone); nothing was written',
    codes: ['PRECONDITION_FAILED'],
  },
  413: { description: 'The body is over the size limit', codes: ['PAYLOAD_TOO_LARGE'] },
  414: { description: 'The URL is longer than the server reads', codes: ['URI_TOO_LONG'] },
  415: { description: 'The body is not JSON', codes: ['UNSUPPORTED_MEDIA_TYPE'] },
  431: {
    description: 'The request headers are larger than the server reads',
    codes: ['HEADERS_TOO_LARGE'],
  },
  503: {
    description:
      'The database does not answer, or stays locked by other writes through every retry; nothing was written',
    codes: ['DATABASE_UNAVAILABLE', 'DATABASE_BUSY'],
  },
  500: {
    description:
      'A failure of the server or of the models’ declarations, not of the request: logged with its stack, answered without detail',
    codes: [
      'INTERNAL_ERROR',
      'RELATION_NOT_LOADED',
      'N_PLUS_ONE_QUERIES',
      'INVERSE_MISMATCH',
      'UNSUPPORTED_QUERY',
    ],
  },
};

// What any request can meet, whatever its path: Node's HTTP parser answers 414 and 431 before
// any route runs, and a failure nobody foresaw is a 500.
const ANY_REQUEST = [414, 431, 500];

const RETRY_AFTER = {
  'Retry-After': {
    description: 'How many seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1 },
  },
};

/**
 * Error responses for `statuses` and those every request can meet (the parser's limits, an
 * unexpected failure, and the database away unless `reachesDatabase` is false), each an `application/problem+json` document
 * whose `code` is one of the status's codes.
 */
export function problemResponses(
  statuses: number[],
  { reachesDatabase = true }: { reachesDatabase?: boolean } = {},
): Record<number, unknown> {
  const always = reachesDatabase ? [...ANY_REQUEST, 503] : ANY_REQUEST;
  const all = [...new Set([...statuses, ...always])].sort((a, b) => a - b);
  return Object.fromEntries(
    all.map((status) => {
      const { description, codes } = PROBLEMS[status]!;
      const schema = { allOf: [ref('Problem'), { properties: { code: { enum: codes } } }] };
      return [
        status,
        {
          description: `${description} (${codes.join(', ')})`,
          ...(status === 503 ? { headers: RETRY_AFTER } : {}),
          content: { 'application/problem+json': { schema } },
        },
      ];
    }),
  );
}

const ETAG = {
  ETag: {
    description:
      'The row’s strong entity tag: from its version on a versioned model, else from its id and updated_at; the one If-Match names',
    required: true,
    schema: { type: 'string' },
  },
};

const INCLUDED_ETAG = {
  ETag: {
    description:
      'A strong entity tag of this representation: the row’s own without `include`; with `include` it covers the included rows too, and If-Match does not take it',
    required: true,
    schema: { type: 'string' },
  },
};

const IF_MATCH: Parameter = {
  name: 'If-Match',
  in: 'header',
  description:
    'Writes only if the row’s current ETag is one of these (strong comparison), or, for `*`, if the row exists; otherwise 412 and nothing is written',
  schema: { type: 'string' },
};

const IF_NONE_MATCH: Parameter = {
  name: 'If-None-Match',
  in: 'header',
  description:
    'Answers 304 without a body when the representation’s ETag is one of these (weak comparison), or for `*`',
  schema: { type: 'string' },
};

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
  const write = problemResponses([400, 404, 409, 413, 415]);
  const conditionalWrite = problemResponses([400, 404, 409, 412, 413, 415]);

  return {
    list: (parameters: Parameter[]) => ({
      operationId: `list${capitalized(resource.name)}`,
      summary: `List ${resource.name}`,
      description:
        'A page of rows, filtered by exact column values, sorted (ties broken by id), with the relations `include` names',
      tags,
      parameters,
      responses: {
        200: json(`A page of ${resource.name}`, ref(`${name}Page`)),
        ...problemResponses([400]),
      },
    }),
    create: () => ({
      operationId: `create${name}`,
      summary: `Create a ${name}`,
      description:
        'Inserts the body as a graph, in one transaction; a nested id links an existing row through a many-to-many relation, and must exist',
      tags,
      requestBody: body(ref(`${name}Input`)),
      responses: {
        201: {
          ...json(`The created ${name}, with the relations the body carried`, row),
          headers: {
            Location: { description: `The URL of the new ${name}`, schema: { type: 'string' } },
            ...ETAG,
          },
        },
        ...write,
      },
    }),
    get: (parameters: Parameter[]) => ({
      operationId: `get${name}`,
      summary: `Get a ${name}`,
      description: 'The row, with the relations `include` names',
      tags,
      parameters: [...parameters, IF_NONE_MATCH],
      responses: {
        200: { ...json(`The ${name}`, row), headers: INCLUDED_ETAG },
        304: {
          description: 'Not modified: If-None-Match names the representation’s ETag',
          headers: INCLUDED_ETAG,
        },
        ...problemResponses([400, 404]),
      },
    }),
    replace: () => ({
      operationId: `replace${name}`,
      summary: `Replace a ${name} and the relations the body carries`,
      description:
        'Upserts the body as the whole graph; for each relation in the body, children left out are removed by their delete policy. A nested id must be one of the row’s children (a many-to-many one may be linked anew), or the PUT is a 404 and changes nothing',
      tags,
      parameters: [IF_MATCH],
      requestBody: body(ref(`${name}Replacement`)),
      responses: {
        200: { ...json(`The ${name} as replaced`, row), headers: ETAG },
        ...conditionalWrite,
      },
    }),
    update: () => ({
      operationId: `update${name}`,
      summary: `Update columns of a ${name}`,
      description: resource.model.versionColumn
        ? 'Changes the columns the body names, and no others; a `version` in the body is the version the change starts from, and a stale one is a 409 STALE_VERSION'
        : 'Changes the columns the body names, and no others',
      tags,
      parameters: [IF_MATCH],
      requestBody: body(ref(`${name}Patch`)),
      responses: {
        200: { ...json(`The ${name} as updated`, row), headers: ETAG },
        ...conditionalWrite,
      },
    }),
    remove: () => ({
      operationId: `delete${name}`,
      summary: `Delete a ${name}`,
      description: resource.softDelete
        ? 'Soft-deletes the row (kept, hidden from reads unless `withDeleted=true`, restorable); its related rows follow their delete policies'
        : 'Deletes the row; its related rows follow their delete policies',
      tags,
      parameters: [IF_MATCH],
      responses: { 204: { description: 'Deleted' }, ...problemResponses([400, 404, 409, 412]) },
    }),
    restore: () => ({
      operationId: `restore${name}`,
      summary: `Restore a soft-deleted ${name}`,
      description:
        'Brings back the soft-deleted row and exactly the rows its delete cascaded to, nothing else; a row whose parent is still deleted is a 409 PARENT_DELETED, and nothing changes',
      tags,
      responses: {
        200: json(`The restored ${name}`, row),
        ...problemResponses([400, 404, 409]),
      },
    }),
    related: (relation: RelationInfo, parameters: Parameter[]) => {
      const item = relatedItem(relation, (model) => model.name);
      return {
        operationId: `get${name}${capitalized(relation.name)}`,
        summary: `Get the ${relation.name} of a ${name}`,
        description: relation.isToMany
          ? `A page of the rows related through ${name}.${relation.name}, filtered, sorted and with relations as in a list`
          : `The row related through ${name}.${relation.name}, a 404 when there is none`,
        tags,
        parameters,
        responses: {
          200: relation.isToMany
            ? json(`A page of the ${name}'s ${relation.name}`, pageSchema(item))
            : json(`The ${name}'s ${relation.name}`, item),
          ...problemResponses([400, 404]),
        },
      };
    },
  };
}
