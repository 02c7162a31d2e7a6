import http from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import pino from 'pino';
import { allModels } from '../../demo';
import { createApp, type OpenApiDocument } from '../../http';
import { knexConfig } from '../../lib';

/**
 * The OpenAPI document the API serves at `/openapi.json`, fetched from a server of its own: the
 * document depends on the models only, so the database (SQLite in memory) is never queried.
 */
export async function servedOpenApiDocument(): Promise<OpenApiDocument> {
  const knex = knexFactory(knexConfig('sqlite::memory:'));
  const server = http.createServer(
    createApp({ knex, models: allModels, logger: pino({ level: 'silent' }) }),
  );
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/openapi.json`);
    if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}`);
    return (await response.json()) as OpenApiDocument;
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await knex.destroy();
  }
}
