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
  | 'MALFORMED_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'METHOD_NOT_ALLOWED'
  | 'DATABASE_UNAVAILABLE';

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

function describeColumns(details: ConstraintDetails): string {
  const columns = details.columns?.length ? details.columns.join(', ') : undefined;
  if (details.table && columns) return `${details.table} (${columns})`;
  return details.table ?? columns ?? 'a row';
}

export class UniqueViolationError extends ConstraintError {
  readonly code = 'UNIQUE_VIOLATION';
  readonly statusCode = 409;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    super(
      `A row with the same value already exists in ${describeColumns(details)}`,
      details,
      options,
    );
  }
}

export class ForeignKeyViolationError extends ConstraintError {
  readonly code = 'FOREIGN_KEY_VIOLATION';
  readonly statusCode = 409;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    super(
      `The change would leave ${describeColumns(details)} referring to a row that does not exist`,
      details,
      options,
    );
  }
}

export class NotNullViolationError extends ConstraintError {
  readonly code = 'NOT_NULL_VIOLATION';
  readonly statusCode = 400;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    super(`A value is required for ${describeColumns(details)}`, details, options);
  }
}

export class CheckViolationError extends ConstraintError {
  readonly code = 'CHECK_VIOLATION';
  readonly statusCode = 400;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    const rule = details.constraint ? ` (${details.constraint})` : '';
    super(`A value breaks a rule of ${describeColumns(details)}${rule}`, details, options);
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

/** The database did not answer. */
export class DatabaseUnavailableError extends LayerError {
  readonly code = 'DATABASE_UNAVAILABLE';
  readonly statusCode = 503;

  constructor(options?: { cause?: unknown }) {
    super('The database is unavailable', options);
  }
}
