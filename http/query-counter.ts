import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler, Response } from 'express';
import type { Knex } from 'knex';

interface Counter {
  queries: number;
}

const currentRequest = new AsyncLocalStorage<Counter>();
const counted = new WeakSet<Knex>();

/**
 * Counts the statements each request sends to `knex`, transactions included. Requests run
 * concurrently, so the count follows the request's async context rather than a global tally.
 */
export function countQueries(knex: Knex): RequestHandler {
  if (!counted.has(knex)) {
    counted.add(knex);
    knex.on('query', () => {
      const counter = currentRequest.getStore();
      if (counter) counter.queries += 1;
    });
  }
  return (_req, res, next) => {
    const counter: Counter = { queries: 0 };
    res.locals.queryCounter = counter;
    currentRequest.run(counter, next);
  };
}

/** How many statements the request behind `res` has sent so far. */
export function queriesOf(res: Response): number | undefined {
  return (res.locals.queryCounter as Counter | undefined)?.queries;
}
