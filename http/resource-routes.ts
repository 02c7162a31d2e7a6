import express, { type Request, type RequestHandler, type Router } from 'express';
import { MethodNotAllowedError, UnsupportedMediaTypeError } from '../lib';
import { refuseDeepBodies } from './body-depth';
import type { ResolvedOptions } from './options';
import { getRelated, getRow, listRows } from './read-routes';
import type { Resource } from './resources';
import { writeRoutes } from './write-routes';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasContent(req: Request): boolean {
  return req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
}

/**
 * Reads a JSON body; content of any other type is a 415 before anything else looks at it, and a
 * body nested deeper than `maxBodyDepth` a 400. An empty body passes through, to be refused as a
 * body that is not a JSON object.
 */
function jsonBody(options: ResolvedOptions): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (hasContent(req) && !req.is(JSON_TYPES)) {
      throw new UnsupportedMediaTypeError(req.get('content-type'));
    }
    next();
  };
  return [
    requireJson,
    express.json({ limit: options.bodyLimit, strict: false, type: JSON_TYPES }),
    refuseDeepBodies(options.maxBodyDepth),
  ];
}

function allowOnly(...methods: string[]): RequestHandler {
  return (req) => {
    throw new MethodNotAllowedError(req.method, methods);
  };
}

/**
 * Mounts one resource: its collection, its rows, and one read-only path per relation.
 * `HEAD` follows `GET`; any other method gets 405 with an `Allow` header.
 */
export function mountResource(router: Router, resource: Resource, options: ResolvedOptions): void {
  const body = jsonBody(options);
  const { create, replace, update, remove, restore } = writeRoutes(resource, options);
  const base = `/${resource.name}`;

  router
    .route(base)
    .get(listRows(resource, options))
    .post(...body, create)
    .all(allowOnly('GET', 'HEAD', 'POST'));
  router
    .route(`${base}/:id`)
    .get(getRow(resource, options))
    .put(...body, replace)
    .patch(...body, update)
    .delete(remove)
    .all(allowOnly('GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'));
  if (resource.softDelete) {
    router.route(`${base}/:id/restore`).post(restore).all(allowOnly('POST'));
  }
  for (const relation of resource.relations.values()) {
    router
      .route(`${base}/:id/${relation.name}`)
      .get(getRelated(resource, relation, options))
      .all(allowOnly('GET', 'HEAD'));
  }
}
