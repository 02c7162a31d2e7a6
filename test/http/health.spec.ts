import type { Response } from 'supertest';
import { expect } from 'chai';
import knexFactory from 'knex';
import { knexConfig } from '../../lib';
import { describeEachDialect } from '../support/database';
import { expectProblem, request, testApp } from '../support/http';
import { countQueries } from '../support/queries';

describeEachDialect('HTTP | health', (db) => {
  it('answers 200 after one round-trip to the database', async () => {
    const app = testApp(db.knex);
    let response: Response | undefined;

    const queries = await countQueries(db.knex, async () => {
      response = await request(app).get('/health');
    });

    expect(response?.status).to.equal(200);
    expect(response?.body).to.deep.equal({ status: 'ok' });
    expect(response?.headers['cache-control']).to.equal('no-store');
    expect(queries).to.equal(1);
  });

  it('answers 503 DATABASE_UNAVAILABLE when the database does not answer', async () => {
    const closed = knexFactory(knexConfig(db.dialect.url));
    await closed.destroy();

    const response = await request(testApp(closed)).get('/health');

    expectProblem(response, 503, 'DATABASE_UNAVAILABLE');
  });
});
