import express from 'express';
import type { Knex } from 'knex';
import { allModels } from '../demo';
import { createRouter } from '../http';

/** The README's embedding example: the API under /api in an Express app of your own. */
export function embedding(knex: Knex) {
  // #region readme
  const app = express();
  app.get('/', (req, res) => {
    res.send('My shop front');
  });
  app.use('/api', createRouter({ knex, models: allModels }));
  // #endregion
  return app;
}
