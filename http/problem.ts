import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from 'pino';
import {
  ChildNotFoundError,
  type ErrorCode,
  LayerError,
  MalformedRequestError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  retryAfterOf,
  translateError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from '../lib';

/** An RFC 9457 problem document, the body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | 'INTERNAL_ERROR';
  errors?: Array<{ path: string; message: string }>;
}

const TITLES: Partial<Record<Problem['code'], string>> = {
  VALIDATION_FAILED: 'Invalid input',
  NOT_FOUND: 'Not found',
  UNIQUE_VIOLATION: 'Duplicate value',
  FOREIGN_KEY_VIOLATION: 'Broken reference',
  NOT_NULL_VIOLATION: 'Missing value',
  CHECK_VIOLATION: 'Rule violated',
  DELETE_RESTRICTED: 'Delete restricted',
  PARENT_DELETED: 'Parent deleted',
  INVALID_RELATION: 'Invalid relation',
  MALFORMED_REQUEST: 'Malformed request',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  URI_TOO_LONG: 'URI too long',
  HEADERS_TOO_LARGE: 'Request headers too large',
  CONCURRENT_WRITE_CONFLICT: 'Concurrent write conflict',
  STALE_VERSION: 'Stale version',
  PRECONDITION_FAILED: 'Precondition failed',
  DATABASE_BUSY: 'Database busy',
  DATABASE_UNAVAILABLE: 'Database unavailable',
};

/** The problem `type` of a code: a stable URI that names the kind of failure. */
export function problemType(code: Problem['code']): string {
  return `urn:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

function problem(code: Problem['code'], status: number, detail: string): Problem {
  const title = TITLES[code] ?? STATUS_CODES[status] ?? 'Error';
  return { type: problemType(code), title, status, detail, code };
}

interface HttpClientError {
  status: number;
  type?: string;
  limit?: number;
}

// body-parser and the router report unreadable requests as http-errors with a 4xx status.
function isClientError(error: unknown): error is HttpClientError {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** The layer's error for what went wrong, or undefined when it is not the client's doing. */
export function layerErrorOf(error: unknown, req: Request): LayerError | undefined {
  const translated = translateError(error);
  if (translated instanceof LayerError) return translated;
  if (!isClientError(error)) return undefined;
  switch (error.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(error.limit, { cause: error });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(req.get('content-type'), { cause: error });
    case 'entity.parse.failed':
      return new MalformedRequestError('The body is not valid JSON', { cause: error });
    default:
      return new MalformedRequestError('The request could not be read', { cause: error });
  }
}

/** The problem document of a layer error: its code, status and message, nothing internal. */
export function problemOf(error: LayerError): Problem {
  const body = problem(error.code, error.statusCode, error.message);
  if (error instanceof ValidationFailedError || error instanceof ChildNotFoundError) {
    body.errors = error.errors;
  }
  return body;
}

/**
 * The one place that turns errors into responses: `application/problem+json` with the layer's
 * code. Anything unexpected is logged with its stack and answered with a bare 500.
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = layerErrorOf(error, req);
    if (!known || known.statusCode >= 500) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    }
    const body = known
      ? problemOf(known)
      : problem('INTERNAL_ERROR', 500, 'The server failed to answer; the failure is logged');
    if (known instanceof MethodNotAllowedError) res.set('Allow', known.allowed.join(', '));
    const retryAfter = retryAfterOf(known);
    if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  };
}
