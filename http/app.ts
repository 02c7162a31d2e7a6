import express, { type Express } from 'express';
import { NotFoundError } from '../lib';
import { type ApiOptions, resolveOptions } from './options';
import { problemHandler } from './problem';
import { countQueries } from './query-counter';
import { requestLogger } from './request-logger';
import { createRouter } from './router';

/**
 * The API as a complete Express app: the router at the root, one log line per request (with
 * its query count), and problem documents for unknown paths too.
 *
 * @example
 * const app = createApp({ knex: createKnex() });
 * app.listen(3000);
 */
export function createApp(options: ApiOptions): Express {
  const resolved = resolveOptions(options);
  const app = express();
  app.disable('x-powered-by');
  app.use(countQueries(resolved.knex));
  app.use(requestLogger(resolved.logger));
  app.use(createRouter(resolved));
  app.use((req) => {
    throw new NotFoundError(`${req.method} ${req.path}`);
  });
  app.use(problemHandler(resolved.logger));
  return app;
}
