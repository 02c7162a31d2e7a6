import { wrapError } from 'db-errors';
import {
  CheckViolationError as DbCheckViolation,
  DataError as DbDataError,
  ForeignKeyViolationError as DbForeignKeyViolation,
  NotFoundError as ObjectionNotFound,
  NotNullViolationError as DbNotNullViolation,
  UniqueViolationError as DbUniqueViolation,
  ValidationError as ObjectionValidationError,
} from 'objection';
import {
  CheckViolationError,
  type ConstraintDetails,
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

/** SQLite names the violated CHECK constraint only in its message text. */
function constraintFromMessage(error: { nativeError?: unknown }): string | undefined {
  const message = error.nativeError instanceof Error ? error.nativeError.message : '';
  return /CHECK constraint failed: (\S+)/.exec(message)?.[1];
}

function definedOnly(details: ConstraintDetails): ConstraintDetails {
  return Object.fromEntries(
    Object.entries(details).filter(([, value]) => value !== undefined && value !== ''),
  );
}

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
  // Objection wraps driver errors with db-errors; a raw knex query's error is not wrapped yet.
  const error = thrown instanceof Error ? wrapError(thrown) : thrown;
  if (error instanceof ObjectionValidationError) {
    if (error.type === 'RelationExpression' || error.type === 'UnallowedRelation') {
      return new InvalidRelationError(error.message, { cause: error });
    }
    return new ValidationFailedError(fieldErrorsOf(error), {
      cause: error,
      model: error.modelClass?.name,
    });
  }
  if (error instanceof ObjectionNotFound) {
    return new NotFoundError(error.modelClass?.name ?? 'Row', undefined, { cause: error });
  }
  if (error instanceof DbUniqueViolation) {
    const details = { table: error.table, columns: error.columns, constraint: error.constraint };
    return new UniqueViolationError(definedOnly(details), { cause: error });
  }
  if (error instanceof DbForeignKeyViolation) {
    const details = { table: error.table, constraint: error.constraint };
    return new ForeignKeyViolationError(definedOnly(details), { cause: error });
  }
  if (error instanceof DbNotNullViolation) {
    const details = { table: error.table, columns: error.column ? [error.column] : undefined };
    return new NotNullViolationError(definedOnly(details), { cause: error });
  }
  if (error instanceof DbCheckViolation) {
    const constraint = error.constraint || constraintFromMessage(error);
    return new CheckViolationError(definedOnly({ table: error.table, constraint }), {
      cause: error,
    });
  }
  // A value the column type cannot hold (an integer out of range, a NUL byte in text): bad input
  // that the JSON schema let through. The driver's wording stays on `cause`.
  if (error instanceof DbDataError) {
    return new ValidationFailedError(
      [{ path: '', message: 'a value does not fit its column type' }],
      { cause: error },
    );
  }
  return thrown;
}
