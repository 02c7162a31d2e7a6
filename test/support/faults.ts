import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import type { Response } from 'supertest';
import { type DatabaseTimeouts, DEFAULT_TIMEOUTS, knexConfig } from '../../lib';
import { expectProblem } from './http';

/** A knex instance as `npm start` opens one, with the default timeouts, and no warnings printed. */
export function quietKnex(url: string, timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS): Knex {
  const silent = () => undefined;
  return knexFactory({
    ...knexConfig(url, timeouts),
    log: { warn: silent, error: silent, debug: silent, deprecate: silent },
  });
}

/** The response to `send()`, with how long it took to come. */
export async function timed(
  send: () => PromiseLike<Response>,
): Promise<{ response: Response; ms: number }> {
  const start = performance.now();
  const response = await send();
  return { response, ms: performance.now() - start };
}

/** A 503 problem for a failure that passes, with the seconds to wait in `Retry-After`. */
export function expectRetryLater(response: Response, code: string): void {
  expectProblem(response, 503, code);
  expect(response.headers['retry-after'], 'Retry-After').to.match(/^[1-9]\d*$/);
}
