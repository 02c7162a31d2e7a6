import express, { type Router } from 'express';
import { readYourWrites } from './consistency';
import { health } from './health';
import { buildOpenApiDocument } from './openapi/document';
import { type ApiOptions, resolveOptions } from './options';
import { problemHandler } from './problem';
import { refuseMalformedQueryString } from './query-string';
import { mountResource } from './resource-routes';
import { describeResources } from './resources';

/**
 * The REST API over the models as an Express router, to mount in any Express app: one resource
 * per model (`/shops`, `/products`, …), `/health` and `/openapi.json`. Every request runs in a
 * transaction of its own on `knex`; every error is answered as `application/problem+json`.
 *
 * @example
 * const app = express();
 * app.use('/api', createRouter({ knex }));
 */
export function createRouter(options: ApiOptions): Router {
  const resolved = resolveOptions(options);
  const resources = describeResources(resolved.models);
  const document = buildOpenApiDocument([...resources.values()], resolved);
  const router = express.Router();

  router.use(refuseMalformedQueryString);
  router.use(readYourWrites());
  router.get('/health', health(resolved.knex));
  router.get('/openapi.json', (req, res) => {
    res.json({ ...document, servers: [{ url: req.baseUrl || '/' }] });
  });
  for (const resource of resources.values()) mountResource(router, resource, resolved);
  router.use(problemHandler(resolved.logger));
  return router;
}
