import {
  DBError,
  type Model,
  type ModelClass,
  NotFoundError as ObjectionNotFound,
  ValidationError as ObjectionValidationError,
} from 'objection';
import { isConnectionFailure } from './database/connection-failures';
import { DIALECTS } from './database/config';
import type { ConstraintFailure, TransientFailure } from './database/dialect';
import {
  CheckViolationError,
  ConcurrentWriteConflictError,
  DatabaseBusyError,
  DatabaseUnavailableError,
  type FieldError,
  ForeignKeyViolationError,
  InvalidRelationError,
  LayerError,
  NotFoundError,
  NotNullViolationError,
  UniqueViolationError,
  ValidationFailedError,
} from './errors';

interface ValidationDetail {
  message?: string;
}

/** Objection keys validation errors by dotted property path; turn them into a flat list. */
function fieldErrorsOf(error: ObjectionValidationError): FieldError[] {
  const data = (error.data ?? {}) as Record<string, ValidationDetail[] | undefined>;
  const fields = Object.entries(data).flatMap(([path, details]) =>
    (details ?? []).map((detail) => ({ path, message: detail.message ?? 'is invalid' })),
  );
  return fields.length > 0 ? fields : [{ path: '', message: error.message }];
}

// Objection reports an unknown relation in two ways: withGraphFetched through a ValidationError,
// withGraphJoined through a RelationDoesNotExistError, a class it does not export.
function unknownRelationOf(error: unknown): string | undefined {
  if (error instanceof ObjectionValidationError) {
    return /^unknown relation "(.+)" in an eager expression$/.exec(error.message)?.[1];
  }
  const relationName = (error as { relationName?: unknown } | null)?.relationName;
  const isRelationDoesNotExist =
    error instanceof Error && error.name === 'RelationDoesNotExistError';
  return isRelationDoesNotExist && typeof relationName === 'string' ? relationName : undefined;
}

function invalidRelationMessage(error: Error): string {
  const relation = unknownRelationOf(error);
  if (relation !== undefined) return `Unknown relation "${relation}" in the relation expression`;
  if (error instanceof ObjectionValidationError && error.type === 'UnallowedRelation') {
    return 'The relation expression names a relation that is not allowed here';
  }
  return error.message.charAt(0).toUpperCase() + error.message.slice(1);
}

function isRelationError(error: unknown): error is Error {
  if (unknownRelationOf(error) !== undefined) return true;
  return (
    error instanceof ObjectionValidationError &&
    (error.type === 'RelationExpression' || error.type === 'UnallowedRelation')
  );
}

// Objection's ValidationError types that report a mistake in the program, not in its input.
const PROGRAMMER_ERROR_TYPES: readonly string[] = ['InvalidGraph'];

/** The `data` and `modelClass` Objection set on its error, for the layer's error to keep. */
function objectionFieldsOf(error: Error): {
  data?: Record<string, unknown>;
  modelClass?: ModelClass<Model>;
} {
  const { data, modelClass } = error as {
    data?: Record<string, unknown>;
    modelClass?: ModelClass<Model>;
  };
  return { ...(data === undefined ? {} : { data }), ...(modelClass ? { modelClass } : {}) };
}

// Objection wraps driver errors (db-errors' DBError); a raw knex query's error is the driver's.
function driverErrorOf(error: unknown): unknown {
  return error instanceof DBError ? error.nativeError : error;
}

/** The constraint failure a driver error reports, whichever database it comes from. */
function constraintFailureOf(error: unknown): ConstraintFailure | undefined {
  const driverError = driverErrorOf(error);
  for (const dialect of DIALECTS) {
    const failure = dialect.constraintFailure(driverError);
    if (failure) return failure;
  }
  return undefined;
}

/**
 * The transient failure a driver error reports, whichever database it comes from: each dialect's
 * own, then the failures every database shares (sockets, the pool). `undefined` for an error
 * that is the statement's own (a constraint, a syntax error), which would fail again.
 */
export function transientFailureOf(error: unknown): TransientFailure | undefined {
  const driverError = driverErrorOf(error);
  for (const dialect of DIALECTS) {
    const failure = dialect.transientFailure(driverError);
    if (failure) return failure;
  }
  return isConnectionFailure(driverError) ? 'unavailable' : undefined;
}

/**
 * The typed error of a transient failure, after `attempts` runs of its unit of work (1 where
 * nothing retried it: inside a caller's transaction).
 */
export function transientError(
  failure: TransientFailure,
  cause: unknown,
  attempts = 1,
): ConcurrentWriteConflictError | DatabaseBusyError | DatabaseUnavailableError {
  switch (failure) {
    case 'conflict':
      return new ConcurrentWriteConflictError(attempts, { cause });
    case 'busy':
      return new DatabaseBusyError(attempts, { cause });
    case 'unavailable':
      return new DatabaseUnavailableError({ cause });
  }
}

const CONSTRAINT_ERRORS = {
  unique: UniqueViolationError,
  foreignKey: ForeignKeyViolationError,
  notNull: NotNullViolationError,
  check: CheckViolationError,
} as const;

/**
 * Maps any error thrown while running a query to the layer's typed errors, the same class and
 * code on every dialect: errors from models, and raw driver errors from plain knex alike.
 * Errors the layer does not know pass through unchanged.
 *
 * @example
 * await knex('shops').insert({ name: 'Taken' }).catch((e) => { throw translateError(e); });
 */
export function translateError(thrown: unknown): unknown {
  if (thrown instanceof LayerError) return thrown;
  if (isRelationError(thrown)) {
    const isUnallowed =
      thrown instanceof ObjectionValidationError && thrown.type === 'UnallowedRelation';
    return new InvalidRelationError(invalidRelationMessage(thrown), {
      cause: thrown,
      type: isUnallowed ? 'UnallowedRelation' : 'RelationExpression',
      ...objectionFieldsOf(thrown),
    });
  }
  if (thrown instanceof ObjectionValidationError) {
    // An invalid graph (a list where a model belongs, `#ref` misuse…) is the program's mistake,
    // not the input's: it stays Objection's error.
    if (PROGRAMMER_ERROR_TYPES.includes(thrown.type)) return thrown;
    return new ValidationFailedError(fieldErrorsOf(thrown), {
      cause: thrown,
      model: thrown.modelClass?.name,
      type: thrown.type,
      ...objectionFieldsOf(thrown),
    });
  }
  if (thrown instanceof ObjectionNotFound) {
    return new NotFoundError(thrown.modelClass?.name ?? 'Row', undefined, {
      cause: thrown,
      ...objectionFieldsOf(thrown),
    });
  }
  const failure = constraintFailureOf(thrown);
  if (failure) {
    const { kind, ...details } = failure;
    return new CONSTRAINT_ERRORS[kind](details, { cause: thrown });
  }
  const transient = transientFailureOf(thrown);
  if (transient) return transientError(transient, thrown);
  // A value the column type cannot hold (an integer out of range, a NUL byte in text): bad input
  // that the JSON schema let through. The driver's wording stays on `cause`.
  if (DIALECTS.some((dialect) => dialect.isValueOutOfType(driverErrorOf(thrown)))) {
    return new ValidationFailedError(
      [{ path: '', message: 'a value does not fit its column type' }],
      { cause: thrown },
    );
  }
  return thrown;
}
