import {
  CheckViolationError as ObjectionCheckViolation,
  DBError,
  ForeignKeyViolationError as ObjectionForeignKeyViolation,
  type Model,
  type ModelClass,
  NotFoundError as ObjectionNotFoundError,
  NotNullViolationError as ObjectionNotNullViolation,
  UniqueViolationError as ObjectionUniqueViolation,
  ValidationError as ObjectionValidationError,
  type ValidationErrorItem,
} from 'objection';
import type { NPlusOneFinding } from './observe/n-plus-one';

/**
 * Every failure the layer reports is one of these classes: a stable `code` for programs, an
 * HTTP-ready `statusCode`, a message a person can act on, and the original error as `cause`.
 * Messages never carry SQL text or driver internals; those stay on `cause` (and `nativeError`).
 * Where Objection has an equivalent error, the layer's class is also an instance of it.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNIQUE_VIOLATION'
  | 'FOREIGN_KEY_VIOLATION'
  | 'NOT_NULL_VIOLATION'
  | 'CHECK_VIOLATION'
  | 'DELETE_RESTRICTED'
  | 'PARENT_DELETED'
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
  | 'STALE_VERSION'
  | 'PRECONDITION_FAILED'
  | 'DATABASE_BUSY'
  | 'DATABASE_UNAVAILABLE'
  | 'UNSUPPORTED_QUERY'
  | 'REFERENCED_BY_OTHER_TABLE'
  | 'INVALID_EXTENSION'
  | 'READ_ONLY_RELATION'
  | 'TREE_CYCLE';

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

// Every layer error carries this brand, on its prototype: the errors that also keep Objection's
// contract extend Objection's classes rather than LayerError, and answer `instanceof LayerError`
// by it.
const LAYER_ERROR = Symbol.for('relational-layer.LayerError');

function brandAsLayerError(errorClass: abstract new (...args: never[]) => Error): void {
  Object.defineProperty(errorClass.prototype, LAYER_ERROR, { value: true });
}

function isBranded(value: unknown): boolean {
  return typeof value === 'object' && value !== null && LAYER_ERROR in value;
}

/**
 * The base of every error the layer reports: what an HTTP error handler needs, and nothing of the
 * statement that failed. `instanceof LayerError` holds for every one of them, including those
 * that extend Objection's own error classes (`ValidationFailedError`, `NotFoundError` and the
 * constraint errors), so that an Objection codebase's `catch` blocks keep working.
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

  // `instanceof LayerError` asks for the brand; `instanceof` a subclass keeps its usual meaning.
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== LayerError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return isBranded(value);
  }
}
brandAsLayerError(LayerError);

/** Sets `cause` as `Error`'s constructor does, on errors whose Objection base does not pass it. */
function keepCause(error: Error, options: { cause?: unknown } | undefined): void {
  if (options && 'cause' in options) {
    Object.defineProperty(error, 'cause', {
      value: options.cause,
      writable: true,
      configurable: true,
    });
  }
}

/** Objection's `data` of a validation error: the failures keyed by property path. */
function validationDataOf(errors: FieldError[]): Record<string, ValidationErrorItem[]> {
  const data: Record<string, ValidationErrorItem[]> = {};
  for (const { path, message } of errors)
    (data[path] ??= []).push({ message, keyword: '', params: {} });
  return data;
}

/**
 * Input that breaks a model's JSON schema; `errors` lists every failing field. It is also
 * Objection's `ValidationError` (`type` `ModelValidation`, `data` keyed by property path, as
 * Objection sets them), so `catch` blocks written for Objection keep working.
 *
 * @example
 * await Product.query().insert({ name: '', price: -1 }); // rejects with a ValidationFailedError (422)
 */
export class ValidationFailedError extends ObjectionValidationError implements LayerError {
  readonly code = 'VALIDATION_FAILED';
  override readonly statusCode = 400;

  constructor(
    readonly errors: FieldError[],
    options?: {
      cause?: unknown;
      model?: string;
      /** Objection's `data` when the error translates Objection's own; built from `errors` otherwise. */
      data?: unknown;
      modelClass?: ModelClass<Model>;
      /** Objection's `type`: `ModelValidation`, or the custom type a model's validation gave. */
      type?: string;
    },
  ) {
    const fields = errors
      .map((error) => (error.path ? `${error.path}: ${error.message}` : error.message))
      .join('; ');
    super({
      type: options?.type ?? 'ModelValidation',
      message: `${options?.model ?? 'Input'} is invalid: ${fields}`,
      data: options?.data ?? validationDataOf(errors),
      ...(options?.modelClass ? { modelClass: options.modelClass } : {}),
    });
    keepCause(this, options);
  }
}
brandAsLayerError(ValidationFailedError);

/**
 * No row matched: also Objection's `NotFoundError` (`type` `NotFound`, `data`, `modelClass`).
 *
 * @example
 * await Product.query().findById(404).throwIfNotFound(); // rejects with a NotFoundError (404)
 */
export class NotFoundError extends ObjectionNotFoundError implements LayerError {
  readonly code = 'NOT_FOUND';
  override readonly statusCode = 404;

  constructor(
    readonly model: string,
    readonly id?: unknown,
    options?: {
      cause?: unknown;
      /** Objection's `data`: what `throwIfNotFound(…)` or `createNotFoundError` was given. */
      data?: Record<string, unknown>;
      modelClass?: ModelClass<Model>;
    },
  ) {
    super({
      data: options?.data ?? {},
      ...(options?.modelClass ? { modelClass: options.modelClass } : {}),
    });
    // A message the caller gave `throwIfNotFound({ message })` is theirs to show.
    const given = options?.data?.message;
    this.message =
      typeof given === 'string'
        ? given
        : id === undefined
          ? `${model} not found`
          : `${model} ${String(id)} not found`;
    keepCause(this, options);
  }
}
brandAsLayerError(NotFoundError);

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

/** What Objection's db-errors classes take: the driver's error, and the client it came from. */
interface DbErrorArgs {
  nativeError: { message: string };
  client?: string;
}

type DbErrorBase = new (args: DbErrorArgs) => Error & { nativeError: unknown; client?: string };

/** One of Objection's db-errors classes, typed with the constructor its typings leave out. */
function dbErrorBase(errorClass: unknown): DbErrorBase {
  return errorClass as DbErrorBase;
}

/** The driver's error inside `cause` (Objection wraps it in a db-errors class), if any. */
function nativeErrorOf(cause: unknown): unknown {
  return cause instanceof DBError ? cause.nativeError : cause;
}

function dbErrorArgs(message: string, options: { cause?: unknown } | undefined): DbErrorArgs {
  const cause = options?.cause;
  const client = cause instanceof DBError ? (cause as { client?: string }).client : undefined;
  // db-errors reads the driver's message; the layer's own replaces it (see `setConstraint`).
  return { nativeError: { message }, ...(client === undefined ? {} : { client }) };
}

/**
 * The layer's side of a constraint error on a db-errors base: its message (no SQL, no values),
 * the names the database gave, the driver's error as `nativeError`, and the cause.
 */
function setConstraint(
  error: Error & { nativeError: unknown },
  message: string,
  details: ConstraintDetails,
  options: { cause?: unknown } | undefined,
): void {
  error.message = message;
  error.nativeError = nativeErrorOf(options?.cause);
  Object.assign(error, {
    table: details.table,
    columns: details.columns,
    constraint: details.constraint,
  });
  keepCause(error, options);
}

/**
 * Another row already has the value of a unique column or key. Also Objection's (db-errors')
 * `UniqueViolationError`, with its `table`, `columns`, `constraint` and `nativeError`.
 *
 * @example
 * await Customer.query().insert({ email: taken }); // rejects with a UniqueViolationError (409)
 */
export class UniqueViolationError
  extends dbErrorBase(ObjectionUniqueViolation)
  implements LayerError
{
  readonly code = 'UNIQUE_VIOLATION';
  readonly statusCode = 409;
  declare readonly table?: string;
  declare readonly columns?: string[];
  declare readonly constraint?: string;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    const message = `Another row${inTable(details)} has the same ${listOf(details.columns) ?? 'unique value'}`;
    super(dbErrorArgs(message, options));
    setConstraint(this, message, details, options);
  }
}
brandAsLayerError(UniqueViolationError);

function foreignKeyMessage(details: ConstraintDetails): string {
  const row = details.table ? `A row of ${details.table}` : 'A row';
  const columns = listOf(details.columns);
  const through = columns ? ` through ${columns}` : '';
  return `${row} would refer${through} to a row that does not exist`;
}

/**
 * A row would refer to a row that does not exist (or, on delete, no longer would). Also
 * Objection's (db-errors') `ForeignKeyViolationError`.
 *
 * @example
 * await Product.query().insert({ shop_id: 999, name: 'Rice', price: 1 }); // ForeignKeyViolationError (409)
 */
export class ForeignKeyViolationError
  extends dbErrorBase(ObjectionForeignKeyViolation)
  implements LayerError
{
  readonly code = 'FOREIGN_KEY_VIOLATION';
  readonly statusCode = 409;
  declare readonly table?: string;
  declare readonly columns?: string[];
  declare readonly constraint?: string;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    const message = foreignKeyMessage(details);
    super(dbErrorArgs(message, options));
    setConstraint(this, message, details, options);
  }
}
brandAsLayerError(ForeignKeyViolationError);

/**
 * A required column was left empty. Also Objection's (db-errors') `NotNullViolationError`, whose
 * `column` is the first of `columns`.
 *
 * @example
 * await knex('products').insert({ name: null }); // translateError(error) is a NotNullViolationError
 */
export class NotNullViolationError
  extends dbErrorBase(ObjectionNotNullViolation)
  implements LayerError
{
  readonly code = 'NOT_NULL_VIOLATION';
  readonly statusCode = 400;
  declare readonly table?: string;
  declare readonly columns?: string[];
  declare readonly constraint?: string;
  declare readonly column?: string;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    const columns = listOf(details.columns);
    const message = columns
      ? `A value is required for ${columns}${inTable(details)}`
      : `A required value is missing${inTable(details)}`;
    super(dbErrorArgs(message, options));
    setConstraint(this, message, details, options);
    Object.assign(this, { column: details.columns?.[0] });
  }
}
brandAsLayerError(NotNullViolationError);

/**
 * A value breaks a CHECK rule of the table. Also Objection's (db-errors') `CheckViolationError`.
 *
 * @example
 * if (error instanceof CheckViolationError) console.warn(error.constraint);
 */
export class CheckViolationError
  extends dbErrorBase(ObjectionCheckViolation)
  implements LayerError
{
  readonly code = 'CHECK_VIOLATION';
  readonly statusCode = 400;
  declare readonly table?: string;
  declare readonly columns?: string[];
  declare readonly constraint?: string;

  constructor(details: ConstraintDetails, options?: { cause?: unknown }) {
    const rule = details.constraint ? `the rule ${details.constraint}` : 'a rule';
    const table = details.table ? ` of ${details.table}` : '';
    const message = `A value breaks ${rule}${table}`;
    super(dbErrorArgs(message, options));
    setConstraint(this, message, details, options);
  }
}
brandAsLayerError(CheckViolationError);

/**
 * A delete refused because rows still depend on the one being deleted.
 *
 * @example
 * await Shop.query().deleteById(shop.id); // DeleteRestrictedError (409) under a `restrict` policy with products left
 */
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

/**
 * A restore refused because the rows' parent (the row a `belongsToOne` relation points at) is
 * still soft-deleted: restore the parent, which brings back what its delete cascaded to.
 * Nothing was written.
 */
export class ParentDeletedError extends LayerError {
  readonly code = 'PARENT_DELETED';
  readonly statusCode = 409;

  constructor(
    readonly model: string,
    readonly relation: string,
    readonly rowCount: number,
    options?: { cause?: unknown },
  ) {
    super(
      `Cannot restore ${model}: ${rowCount} row(s) belong through "${relation}" to a row that ` +
        'is still deleted; restore that row first',
      options,
    );
  }
}

/** A foreign key of a table outside a set of tables, and how many of its rows use it. */
export interface OutsideReference {
  /** The table outside the set, and its foreign-key column. */
  table: string;
  column: string;
  /** The table of the set that the column references. */
  referencedTable: string;
  rows: number;
}

/**
 * Tables that may only be emptied whole (the demo seed's) are referenced by rows of a table
 * outside them: emptying them would delete or change those rows through `ON DELETE`, which is
 * the other table's owner's business. Nothing was written.
 *
 * @example
 * if (error instanceof ReferencedByOtherTableError) console.warn(error.message);
 */
export class ReferencedByOtherTableError extends LayerError {
  readonly code = 'REFERENCED_BY_OTHER_TABLE';
  readonly statusCode = 409;

  constructor(readonly references: OutsideReference[]) {
    const described = references.map(
      ({ table, column, referencedTable, rows }) =>
        `${table}.${column} references ${referencedTable} in ${rows} row(s)`,
    );
    super(
      `Refusing to empty tables that other tables' rows reference: ${described.join('; ')}. ` +
        'Nothing was written; remove those rows (or their foreign keys) first',
    );
  }
}

/**
 * A relation expression that names an unknown relation or one that is not allowed here. Objection
 * reports these as a `ValidationError` (`type` `RelationExpression`, or `UnallowedRelation` for a
 * graph that `allowGraph` refuses); this is one too, with that `type` and `data`.
 *
 * @example
 * await Shop.query().for(1).delete(); // rejects with an InvalidRelationError, nothing deleted
 */
export class InvalidRelationError extends ObjectionValidationError implements LayerError {
  readonly code = 'INVALID_RELATION';
  override readonly statusCode = 400;

  constructor(
    message: string,
    options?: {
      cause?: unknown;
      type?: 'RelationExpression' | 'UnallowedRelation';
      data?: unknown;
      modelClass?: ModelClass<Model>;
    },
  ) {
    super({
      type: options?.type ?? 'RelationExpression',
      message,
      data: options?.data ?? {},
      ...(options?.modelClass ? { modelClass: options.modelClass } : {}),
    });
    keepCause(this, options);
  }
}
brandAsLayerError(InvalidRelationError);

/**
 * A relation property read before the relation was loaded (strict loading).
 *
 * @example
 * (await Shop.query().findById(1))!.products; // throws RelationNotLoadedError: load it with withGraphFetched
 */
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
 *
 * @example
 * checkInverses(Shop); // throws InverseMismatchError where a relation and its inverse disagree
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

/**
 * Relations added to a model (`addRelations`) that cannot be added: the model is in use already,
 * so Objection and the layer have read its relations, or it declares a relation by that name.
 * A programmer error in the host's model declarations.
 *
 * @example
 * addRelations(Shop, () => ({ products: hasMany(Product, { from: 'shops.id', to: 'products.shop_id' }) })); // InvalidExtensionError
 */
export class InvalidExtensionError extends LayerError {
  readonly code = 'INVALID_EXTENSION';
  readonly statusCode = 500;

  constructor(
    /** The model the relations were added to. */
    readonly model: string,
    /** The relations added. */
    readonly relations: string[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * A request that cannot be read at all: a body that is not JSON, a URL that does not decode.
 *
 * @example
 * throw new MalformedRequestError('the body is not JSON'); // 400 from the error handler
 */
export class MalformedRequestError extends LayerError {
  readonly code = 'MALFORMED_REQUEST';
  readonly statusCode = 400;
}

/**
 * A request body in a format other than JSON.
 *
 * @example
 * if (error instanceof UnsupportedMediaTypeError) res.status(error.statusCode).end(); // 415
 */
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

/**
 * A request body over the size limit; nothing of it was read into the database.
 *
 * @example
 * if (error instanceof PayloadTooLargeError) res.status(error.statusCode).end(); // 413
 */
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

/**
 * A method the addressed resource does not support; `allowed` lists the ones it does.
 *
 * @example
 * if (error instanceof MethodNotAllowedError) res.status(error.statusCode).end(); // 405
 */
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

/**
 * A request line longer than the server reads; nothing of the request was processed.
 *
 * @example
 * if (error instanceof UriTooLongError) res.status(error.statusCode).end(); // 414
 */
export class UriTooLongError extends LayerError {
  readonly code = 'URI_TOO_LONG';
  readonly statusCode = 414;

  constructor(options?: { cause?: unknown }) {
    super('The URL is longer than the server accepts', options);
  }
}

/**
 * Request headers larger than the server reads; nothing of the request was processed.
 *
 * @example
 * if (error instanceof HeadersTooLargeError) res.status(error.statusCode).end(); // 431
 */
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
 *
 * @example
 * if (error instanceof ConcurrentWriteConflictError) await unitOfWork(knex, work); // safe to run again
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
 * An update named a version of a row (the version an instance was read at, or the one a patch
 * or a graph node gives) that is no longer the row's: another write changed it since. Nothing
 * was written; read the row again and reapply the change.
 *
 * @example
 * await product.$query().patch({ price: 3 }); // StaleVersionError when another write came first
 */
export class StaleVersionError extends LayerError {
  readonly code = 'STALE_VERSION';
  readonly statusCode = 409;

  constructor(
    readonly model: string,
    /** The row's id, when the update named one row. */
    readonly id: unknown,
    /** The version the update expected the row to have. */
    readonly expectedVersion: unknown,
    options?: { cause?: unknown },
  ) {
    const row = id === undefined ? model : `${model} ${String(id)}`;
    super(
      `${row} is no longer at version ${String(expectedVersion)}: another write changed it; nothing was written, read it again`,
      options,
    );
  }
}

/**
 * A request's `If-Match` names no current representation of the row (its ETag changed, or the
 * row is gone for `If-Match: *`). Nothing was written.
 */
export class PreconditionFailedError extends LayerError {
  readonly code = 'PRECONDITION_FAILED';
  readonly statusCode = 412;

  constructor(
    readonly model: string,
    readonly id: unknown,
  ) {
    super(
      `${model} ${String(id)} does not match If-Match: it changed since it was read; nothing was written`,
    );
  }
}

/**
 * The rows or the database file were locked by other work for longer than the layer waits (a
 * lock timeout, SQLite's `SQLITE_BUSY`), through every retry of the unit of work. Nothing of it
 * was written; `retryAfterSeconds` says when to try again.
 *
 * @example
 * if (error instanceof DatabaseBusyError) res.set('Retry-After', '1').status(error.statusCode).end(); // 503
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
 *
 * @example
 * if (error instanceof DatabaseUnavailableError) res.status(error.statusCode).end(); // 503
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
 *
 * @example
 * await Shop.query().upsertGraph(graph, { noDelet: true } as UpsertGraphOptions); // UnsupportedQueryError: a misspelt option
 */
export class UnsupportedQueryError extends LayerError {
  readonly code = 'UNSUPPORTED_QUERY';
  readonly statusCode = 500;
}

/**
 * A write through a relation that only reads (`hasManyThrough`, `hasOneThrough`, `recursive`):
 * insert, relate, unrelate, patch, update or delete through it, or a graph write naming it.
 * Refused before any statement; write the rows through the relations it is made of.
 */
export class ReadOnlyRelationError extends LayerError {
  readonly code = 'READ_ONLY_RELATION';
  readonly statusCode = 400;

  constructor(
    readonly relationName: string,
    readonly write: string,
  ) {
    super(
      `${relationName} is read-only: ${write} through it is refused; write the rows through the ` +
        'relations it is made of',
    );
  }
}

/**
 * A cycle in a tree's data (a category that is its own ancestor), found while loading a
 * `recursive` relation. The rows are left as they are; the ids name the cycle's nodes.
 */
export class TreeCycleError extends LayerError {
  readonly code = 'TREE_CYCLE';
  readonly statusCode = 500;

  constructor(
    readonly relationName: string,
    readonly ids: readonly unknown[],
  ) {
    super(
      `${relationName} found a cycle in the data: ${ids.join(' -> ')} leads back to itself; ` +
        "fix the rows' parent keys",
    );
  }
}
