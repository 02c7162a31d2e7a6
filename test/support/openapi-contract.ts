import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * What the checks read of a response: supertest's `Response` has it, and so does
 * `documentedAnswer`'s shape of a raw `http`/`fetch` answer (test/support/raw-answers.ts).
 */
export interface CheckedResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string | undefined;
  readonly body: unknown;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking an arbitrary JSON document

const DOCUMENT_ID = 'https://api.test/openapi.json';

// What any request can meet before a route runs: a query string that does not decode, and
// Node's parser limits.
const BEFORE_ANY_ROUTE = [400, 414, 431];

/**
 * A standard JSON Schema 2020-12 validator over one document, as a client would use it: no
 * `multipleOfPrecision` or other allowance the server's own validator makes. One per distinct
 * document, since compiling is the costly part and most specs serve the same one.
 */
class DocumentValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, DOCUMENT_ID);
  }

  /** The errors of `value` against `schema`, a schema of the document; none when it matches. */
  errorsOf(schema: Json, value: unknown): string | undefined {
    const source = JSON.stringify(schema).replaceAll('"#/', `"${DOCUMENT_ID}#/`);
    let validate = this.compiled.get(source);
    if (!validate) this.compiled.set(source, (validate = this.ajv.compile(JSON.parse(source))));
    return validate(value) ? undefined : this.ajv.errorsText(validate.errors);
  }
}

const validators = new Map<string, DocumentValidator>();

function validatorFor(document: Json): DocumentValidator {
  // The servers name the mount point, which the paths do not depend on.
  const key = JSON.stringify({ ...document, servers: undefined });
  let validator = validators.get(key);
  if (!validator) validators.set(key, (validator = new DocumentValidator(document)));
  return validator;
}

/** The path template of the document that matches `path`, if any. */
function templateOf(document: Json, path: string): string | undefined {
  return Object.keys(document.paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
}

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function problemBreach(
  validator: DocumentValidator,
  response: CheckedResponse,
): string | undefined {
  const type = String(response.headers['content-type']).split(';')[0];
  if (type !== 'application/problem+json') return `answers ${type}, not a problem document`;
  const errors = validator.errorsOf({ $ref: '#/components/schemas/Problem' }, response.body);
  return errors && `its problem document does not match: ${errors}`;
}

/** A request the document lists no operation for: an unknown path, or a method it does not serve. */
function unlistedBreach(
  validator: DocumentValidator,
  pathItem: Json | undefined,
  response: CheckedResponse,
): string | undefined {
  if (pathItem === undefined) {
    if (![...BEFORE_ANY_ROUTE, 404].includes(response.status)) {
      return `answers ${response.status} on a path the document does not list, not 404`;
    }
    return problemBreach(validator, response);
  }
  if (![...BEFORE_ANY_ROUTE, 405].includes(response.status)) {
    return `answers ${response.status} to a method its path does not list, not 405`;
  }
  if (response.status === 405) {
    const listed = OPERATION_METHODS.filter((method) => pathItem[method]);
    const expected = [...listed, ...(listed.includes('get') ? ['head'] : [])]
      .map((method) => method.toUpperCase())
      .sort();
    const allow = String(response.headers.allow ?? '');
    if (allow.split(/,\s*/).sort().join(', ') !== expected.join(', ')) {
      return `answers Allow: ${allow}, not the methods the document lists (${expected.join(', ')})`;
    }
  }
  return problemBreach(validator, response);
}

function headerBreach(name: string, header: Json, response: CheckedResponse): string | undefined {
  const value = response.headers[name.toLowerCase()] as string | undefined;
  if (value === undefined) return header.required ? `has no ${name} header` : undefined;
  const schema = header.schema ?? {};
  if (schema.type !== 'integer') return undefined;
  const isInteger = /^\d+$/.test(value) && Number(value) >= (schema.minimum ?? 0);
  return isInteger ? undefined : `has ${name}: ${value}, not an integer as documented`;
}

function operationBreach(
  validator: DocumentValidator,
  method: string,
  operation: Json,
  response: CheckedResponse,
): string | undefined {
  const documented = operation.responses[response.status] ?? operation.responses.default;
  if (!documented) return `answers ${response.status}, which the operation does not document`;
  for (const [name, header] of Object.entries<Json>(documented.headers ?? {})) {
    const breach = headerBreach(name, header, response);
    if (breach) return breach;
  }
  const content: Json | undefined = documented.content;
  const hasBody = response.text !== undefined && response.text !== '';
  if (method === 'head') return hasBody ? 'answers HEAD with a body' : undefined;
  if (!content)
    return hasBody ? `answers ${response.status} with a body it does not document` : undefined;
  const type = String(response.headers['content-type']).split(';')[0]!;
  const media: Json | undefined = content[type];
  if (!media) return `answers ${type}, which the document does not list for ${response.status}`;
  const errors = media.schema ? validator.errorsOf(media.schema, response.body) : undefined;
  return errors && `its body does not match the documented schema: ${errors}`;
}

/**
 * Where `response` (to `method url`, the URL under the API's mount point) breaks `document`: a
 * status the operation does not list, a content type or body its schema refuses, a documented
 * header missing or malformed; for a request the document has no operation for, anything but
 * the 404 or 405 problem its conventions promise. Undefined when the response keeps it.
 */
export function contractBreach(
  document: Json,
  method: string,
  url: string,
  response: CheckedResponse,
): string | undefined {
  const validator = validatorFor(document);
  const path = new URL(url, 'http://api.test').pathname;
  const template = templateOf(document, path);
  const pathItem = template === undefined ? undefined : document.paths[template];
  const lower = method.toLowerCase();
  const operation = pathItem?.[lower === 'head' ? 'get' : lower];
  const breach = operation
    ? operationBreach(validator, lower, operation, response)
    : unlistedBreach(validator, pathItem, response);
  return breach && `${method.toUpperCase()} ${url} ${breach}`;
}
