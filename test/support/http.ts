import { expect } from 'chai';
import type { Express } from 'express';
import type { Knex } from 'knex';
import pino from 'pino';
import supertest, { type Response, type Test } from 'supertest';
import { type ApiOptions, createApp } from '../../http';
import { allModels } from '../../demo';
import { contractBreach } from './openapi-contract';

/** Every resource the API serves by default, named by its table: one per model of the domain. */
export const RESOURCES: readonly string[] = allModels.map((model) => model.tableName);

/** The API over the demo's models on the test database, logging nothing. */
export function testApp(knex: Knex, options: Partial<ApiOptions> = {}): Express {
  return createApp({ knex, models: allModels, logger: pino({ level: 'silent' }), ...options });
}

// What must never reach a client: SQL, driver codes, stack frames.
const INTERNALS =
  /\bselect\b.*\bfrom\b|insert into|delete from|\bupdate\b.*\bset\b|SQLITE_|\bat \S+ \(|\.ts:\d+/i;

/**
 * Asserts an RFC 9457 problem document with the given status and code, and nothing internal
 * in it.
 */
export function expectProblem(response: Response, status: number, code: string | string[]): void {
  expect(response.status, JSON.stringify(response.body)).to.equal(status);
  expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
  const problem = response.body as Record<string, unknown>;
  expect(problem).to.include.keys('type', 'title', 'status', 'detail', 'code');
  expect(problem.status).to.equal(status);
  expect([code].flat()).to.include(problem.code);
  expect(response.text).not.to.match(INTERNALS);
}

/** The `path`s a VALIDATION_FAILED problem names. */
export function errorPaths(response: Response): string[] {
  const errors = (response.body as { errors?: Array<{ path: string }> }).errors ?? [];
  return errors.map((error) => error.path);
}

type App = Parameters<typeof supertest>[0];
type Client = ReturnType<typeof supertest>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

// Fetched once per app (or server URL): the document an app serves does not change while it runs.
const documents = new WeakMap<object, Promise<Record<string, unknown>>>();
const documentsByUrl = new Map<string, Promise<Record<string, unknown>>>();

function servedDocument(app: App, mount: string): Promise<Record<string, unknown>> {
  const cache = typeof app === 'string' ? documentsByUrl : documents;
  const key = (typeof app === 'string' ? `${app}${mount}` : app) as string & object;
  let document = cache.get(key);
  if (!document) {
    document = supertest(app)
      .get(`${mount}/openapi.json`)
      .expect(200)
      .then((response) => response.body as Record<string, unknown>);
    cache.set(key, document);
  }
  return document;
}

/** Makes `test` fail, once it has a response, when the response breaks the served document. */
function checkedAgainstDocument(test: Test, app: App, mount: string, method: string, url: string) {
  const end = test.end.bind(test);
  test.end = (callback) =>
    end((error, response) => {
      if (error || !response || !url.startsWith(mount)) return callback?.(error, response);
      servedDocument(app, mount).then(
        (document) => {
          const breach = contractBreach(document, method, url.slice(mount.length), response);
          callback?.(breach ? new Error(breach) : null, response);
        },
        (fetchError: unknown) => callback?.(fetchError, response),
      );
    });
  return test;
}

/**
 * supertest's `request(app)`, whose every response is also checked against the OpenAPI
 * document the app serves (status, content type, body, documented headers): a response the
 * document does not describe fails the request with the reason. `mount` is where the API is
 * mounted in a host app; the host's own paths are not checked.
 *
 * @example
 * await request(app).get('/shops/1').expect(200);
 */
export function request(app: App, { mount = '' }: { mount?: string } = {}): Client {
  const client = supertest(app);
  for (const method of METHODS) {
    const send = client[method].bind(client);
    client[method] = (url: string) => checkedAgainstDocument(send(url), app, mount, method, url);
  }
  return client;
}
