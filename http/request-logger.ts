import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { queriesOf } from './query-counter';

function summary(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  return {
    method: req.method,
    url: (req as Request).originalUrl,
    status: res.statusCode,
    durationMs,
    queries: queriesOf(res as Response),
  };
}

/** One log line per finished request: method, URL, status, duration and query count. */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, res, value: { responseTime: number }) =>
      summary(req, res, value.responseTime),
    customErrorObject: (req, res, _error, value: { responseTime: number }) =>
      summary(req, res, value.responseTime),
    customSuccessMessage: (req, res) =>
      `${req.method} ${(req as Request).originalUrl} ${res.statusCode}`,
    customErrorMessage: (req, res) =>
      `${req.method} ${(req as Request).originalUrl} ${res.statusCode}`,
  }) as RequestHandler;
}
