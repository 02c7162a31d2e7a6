import { expect } from 'chai';
import type { Express } from 'express';
import type { Knex } from 'knex';
import pino from 'pino';
import type { Response } from 'supertest';
import { allModels } from '../../demo';
import { type ApiOptions, createApp } from '../../http';

/** Every resource the API serves, named by its table, as the issue lists them. */
export const RESOURCES = [
  'shops',
  'products',
  'users',
  'profiles',
  'posts',
  'tags',
  'authors',
  'books',
  'customers',
  'orders',
] as const;

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
