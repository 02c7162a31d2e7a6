import type { NPlusOneFinding } from './n-plus-one';

/**
 * Every failure the layer reports is one of these classes: a stable `code` for programs, an
 * HTTP-ready `statusCode`, a message a person can act on, and the original error as `cause`.
 * Messages never carry SQL text or driver internals; those stay on `cause`.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNIQUE_VIOLATION'
  | 'FOREIGN_KEY_VIOLATION'
  | 'NOT_NULL_VIOLATION'
  | 'CHECK_VIOLATION'
  | 'DELETE_RESTRICTED'
  | 'INVALID_RELATION'
  | 'RELATION_NOT_LOADED'
  | 'N_PLUS_ONE_QUERIES'
  | 'INVERSE_MISMATCH'
  | 'MALFORMED_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'METHOD_NOT_ALLOWED'
  | 'URI_TOO_LONG'
  | 'HEADERS_TOO_LARGE'
  | 'CONCURRENT_WRITE_CONFLICT'
  | 'DATABASE_BUSY'
  | 'DATABASE_UNAVAILABLE'
  | 'UNSUPPORTED_QUERY';

/** One failing input field: a JSON-pointer-like dotted path and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

/** What the database said about a constraint, where it said it. */
export interface ConstraintDetails {
  table?: string;
  columns?: string[];
  constraint?: string;
}

/**
 * The base of every error the layer reports: what an HTTP error handler needs, and nothing of the
 * statement that failed.
 *
 * @example
 * if (error instanceof LayerError) res.status(error.statusCode).json({ code: error.code, message: error.message });
 */
export abstract class LayerError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly statusCode: number;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that breaks a model's JSON schema; `errors` lists every failing field. */
export class ValidationFailedError extends LayerError {
  readonly code = 'VALIDATION_FAILED';
  readonly statusCode = 400;

  constructor(
    readonly errors: FieldError[],
    options?: { cause?: unknown; model?: string },
  ) {
    const fields = errors
      .map((error) => (error.path ? `${error.path}: ${error.message}` : error.message))
      .join('; ');
    super(`${options?.model ?? 'Input'} is invalid: ${fields}`, options);
  }
}

export class NotFoundError extends LayerError {
  readonly code = 'NOT_FOUND';
  readonly statusCode = 404;

  constructor(
    readonly model: string,
    readonly id?: unknown,
    options?: { cause?: unknown },
  ) {
    super(id === undefined ? `${model} not found` : `${model} ${String(id)} not found`, options);
  }
}

/** Where a graph node sits: its relation and data paths, and the parent it hangs under. */
export interface GraphPosition {
  /** The relation path, as Objection's options name it: `posts.tags`. */
  relation: string;
  /** The node's place in the input: `posts[0].tags[1]`. */
  path: string;
  /** The parent's model, and its id unless the parent is new. */
  parent: { model: string; id?: unknown };
}

/**
 * A node of a graph write names, by id, a row that is not a child of its parent through that
 * relation: one of another parent, or no row at all. Both get this same answer, so that a write
 * cannot probe other parents' rows. With Objection's `relate` option a library caller may move
 * or link an existing row instead (`relating`); an id that does not exist is refused still.
 *
 * @example
 * await Shop.query().upsertGraph({ id: 1, products: [{ id: 4 }] }); // product 4 is shop 2's
 * // ChildNotFoundError: 'Product 4 does not belong to Shop 1 through "products" (products[0])'
 */
export class ChildNotFoundError extends NotFoundError {
  readonly relation: string;
  readonly path: string;
  readonly parent: GraphPosition['parent'];
  /** The refused node as a field error: its path, and what is wrong with it. */
  readonly errors: FieldError[];

  constructor(
    model: string,
    id: unknown,
    position: GraphPosition & { relating?: boolean },
    options?: { cause?: unknown },
  ) {
    super(model, id, options);
    const { relation, path, parent } = position;
    this.relation = relation;
    this.path = path;
    this.parent = parent;
    const through = `through "${relation.slice(relation.lastIndexOf('.') + 1)}"`;
    const owner =
      parent.id === undefined ? `a new ${parent.model}` : `${parent.model} ${String(parent.id)}`;
    const reason = position.relating
      ? `${model} ${String(id)} does not exist, so it cannot be related to ${owner} ${through}`
      : `${model} ${String(id)} does not belong to ${owner} ${through}`;
    this.message = `${reason} (${path})`;
    this.errors = [{ path, message: reason }];
  }
}

abstract class ConstraintError extends LayerError {
  readonly table?: string;
  readonly columns?: string[];
  readonly constraint?: string;

  constructor(message: string, details: ConstraintDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.table = details.table;
    this.columns = details.columns;
    this.constraint = details.constraint;
  }
}

/** `shop_id`, `shop_id and name`, `a, b and c`. */
function listOf(columns: string[] | undefined): string | undefined {
  if (!columns?.length) return undefined;
  return columns.length === 1
    ? columns[0]
    : `${columns.slice(0, -1).join(', ')} and ${columns[columns.length - 1]}`;
}

function inTable({ table }: ConstraintDetails): string {
  return table ? ` in ${table}` : '';
}

/** Another row already has the value of a unique column or key. */
export class UniqueViolationError extends ConstraintError {
  readonly code = 'UNIQUE_VIOLATION';
  readonly statusCode = 409;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    const columns = listOf(details.columns) ?? 'unique value';
    super(`Another row${inTable(details)} has the same ${columns}`, details, options);
  }
}

/** A row would refer to a row that does not exist (or, on delete, no longer would). */
export class ForeignKeyViolationError extends ConstraintError {
  readonly code = 'FOREIGN_KEY_VIOLATION';
  readonly statusCode = 409;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    const row = details.table ? `A row of ${details.table}` : 'A row';
    const columns = listOf(details.columns);
    const through = columns ? ` through ${columns}` : '';
    super(`${row} would refer${through} to a row that does not exist`, details, options);
  }
}

/** A required column was left empty. */
export class NotNullViolationError extends ConstraintError {
  readonly code = 'NOT_NULL_VIOLATION';
  readonly statusCode = 400;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    const columns = listOf(details.columns);
    super(
      columns
        ? `A value is required for ${columns}${inTable(details)}`
        : `A required value is missing${inTable(details)}`,
      details,
      options,
    );
  }
}

/** A value breaks a CHECK rule of the table. */
export class CheckViolationError extends ConstraintError {
  readonly code = 'CHECK_VIOLATION';
  readonly statusCode = 400;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    const rule = details.constraint ? `the rule ${details.constraint}` : 'a rule';
    const table = details.table ? ` of ${details.table}` : '';
    super(`A value breaks ${rule}${table}`, details, options);
  }
}

/** A delete refused because rows still depend on the one being deleted. */
export class DeleteRestrictedError extends LayerError {
  readonly code = 'DELETE_RESTRICTED';
  readonly statusCode = 409;

  constructor(
    readonly model: string,
    readonly relation: string,
    readonly dependentCount: number,
    options?: { cause?: unknown },
  ) {
    super(
      `Cannot delete ${model}: ${dependentCount} row(s) in its relation "${relation}" depend on it`,
      options,
    );
  }
}

/** A relation expression that names an unknown relation or one that is not allowed here. */
export class InvalidRelationError extends LayerError {
  readonly code = 'INVALID_RELATION';
  readonly statusCode = 400;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A relation property read before the relation was loaded (strict loading). */
export class RelationNotLoadedError extends LayerError {
  readonly code = 'RELATION_NOT_LOADED';
  readonly statusCode = 500;

  constructor(
    readonly model: string,
    readonly relation: string,
  ) {
    super(
      `${model}.${relation} was not loaded: load it with withGraphFetched('${relation}'), ` +
        `$fetchGraph('${relation}') or $relatedQuery('${relation}') before reading it`,
    );
  }
}

function describeFinding({ count, model, relation }: NPlusOneFinding): string {
  if (relation) {
    const name = relation.slice(relation.indexOf('.') + 1);
    return `${relation} was queried ${count} times, once per parent: load it with withGraphFetched('${name}')`;
  }
  return `${model ?? 'A statement'} was queried ${count} times with the same statement`;
}

/**
 * The same read repeated once per parent within one unit of work: the N+1 query problem.
 * `findings` name each statement shape, how often it ran, and the model and relation at fault.
 *
 * @example
 * await forbidNPlusOne(knex, handler); // throws NPlusOneError: "N+1 queries: Shop.products was queried 20 times, …"
 */
export class NPlusOneError extends LayerError {
  readonly code = 'N_PLUS_ONE_QUERIES';
  readonly statusCode = 500;

  constructor(readonly findings: NPlusOneFinding[]) {
    super(`N+1 queries: ${findings.map(describeFinding).join('; ')}`);
  }
}

/**
 * Two relations that do not describe the same link from both ends: one side names an inverse
 * that does not name it back, or the two disagree on the join columns or on cardinality. A
 * programmer error in the model declarations, reported when the models are first used.
 */
export class InverseMismatchError extends LayerError {
  readonly code = 'INVERSE_MISMATCH';
  readonly statusCode = 500;

  constructor(
    /** The relation that was checked, as `Model.relation`. */
    readonly relation: string,
    /** The inverse it names, as `Model.relation`, if it names one. */
    readonly inverse: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** A request that cannot be read at all: a body that is not JSON, a URL that does not decode. */
export class MalformedRequestError extends LayerError {
  readonly code = 'MALFORMED_REQUEST';
  readonly statusCode = 400;
}

/** A request body in a format other than JSON. */
export class UnsupportedMediaTypeError extends LayerError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly statusCode = 415;

  constructor(
    readonly contentType: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`The body must be application/json, not ${contentType ?? 'untyped'}`, options);
  }
}

/** A request body over the size limit; nothing of it was read into the database. */
export class PayloadTooLargeError extends LayerError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly statusCode = 413;

  constructor(
    readonly limitBytes: number | undefined,
    options?: { cause?: unknown },
  ) {
    const limit = limitBytes === undefined ? '' : ` of ${limitBytes} bytes`;
    super(`The body is larger than the limit${limit}`, options);
  }
}

/** A method the addressed resource does not support; `allowed` lists the ones it does. */
export class MethodNotAllowedError extends LayerError {
  readonly code = 'METHOD_NOT_ALLOWED';
  readonly statusCode = 405;

  constructor(
    readonly method: string,
    readonly allowed: readonly string[],
  ) {
    super(`${method} is not supported here; use ${allowed.join(', ')}`);
  }
}

/** A request line longer than the server reads; nothing of the request was processed. */
export class UriTooLongError extends LayerError {
  readonly code = 'URI_TOO_LONG';
  readonly statusCode = 414;

  constructor(options?: { cause?: unknown }) {
    super('The URL is longer than the server accepts', options);
  }
}

/** Request headers larger than the server reads; nothing of the request was processed. */
export class HeadersTooLargeError extends LayerError {
  readonly code = 'HEADERS_TOO_LARGE';
  readonly statusCode = 431;

  constructor(options?: { cause?: unknown }) {
    super('The request headers are larger than the server accepts', options);
  }
}

/**
 * The database aborted a unit of work because a concurrent one wrote the same rows (a deadlock,
 * a serialization failure). Nothing of it was written. The layer retries the units of work it
 * owns before giving up with this error; inside a caller's transaction it comes out at once,
 * and the caller's whole transaction is what may be retried.
 */
export class ConcurrentWriteConflictError extends LayerError {
  readonly code = 'CONCURRENT_WRITE_CONFLICT';
  readonly statusCode = 409;

  constructor(
    /** How many times the unit of work ran: 1 inside a caller's transaction. */
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      `Another write changed the same rows at the same time (${attempts} attempt(s)); nothing was written, try again`,
      options,
    );
  }
}

/**
 * The rows or the database file were locked by other work for longer than the layer waits (a
 * lock timeout, SQLite's `SQLITE_BUSY`), through every retry of the unit of work. Nothing of it
 * was written; `retryAfterSeconds` says when to try again.
 */
export class DatabaseBusyError extends LayerError {
  readonly code = 'DATABASE_BUSY';
  readonly statusCode = 503;
  readonly retryAfterSeconds = 1;

  constructor(
    /** How many times the unit of work ran: 1 inside a caller's transaction. */
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`The database is busy with other writes (${attempts} attempt(s)); try again`, options);
  }
}

/**
 * The database did not answer: refused or lost connections, a server shutting down, no pooled
 * connection in time, or no answer within the statement timeout. `retryAfterSeconds` says when
 * to try again.
 */
export class DatabaseUnavailableError extends LayerError {
  readonly code = 'DATABASE_UNAVAILABLE';
  readonly statusCode = 503;
  readonly retryAfterSeconds = 5;

  constructor(options?: { cause?: unknown }) {
    super('The database is unavailable', options);
  }
}

/**
 * The seconds a client should wait before trying again after `error`, for the failures that
 * pass (`DATABASE_BUSY`, `DATABASE_UNAVAILABLE`); `undefined` for any other error.
 *
 * @example
 * const seconds = retryAfterOf(error); if (seconds !== undefined) res.set('Retry-After', String(seconds));
 */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof DatabaseBusyError || error instanceof DatabaseUnavailableError
    ? error.retryAfterSeconds
    : undefined;
}

/**
 * A query the layer cannot run correctly as it is written, refused before anything is sent; the
 * message says how to write it. A programmer error, like a misdeclared inverse.
 */
export class UnsupportedQueryError extends LayerError {
  readonly code = 'UNSUPPORTED_QUERY';
  readonly statusCode = 500;
}
