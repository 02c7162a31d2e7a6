import { expect } from 'chai';
import pino from 'pino';
import { callEveryResource } from '../../examples/api-client/call-every-resource';
import { type RunningServer, startServer } from '../../http';
import { describeEachDialect } from '../support/database';
import { testApp } from '../support/http';
import { documentedFetch } from '../support/raw-answers';

// The generated client of examples/api-client: `npm run typecheck` generates its types from the
// served document and compiles it; here it runs against the API.
describeEachDialect('Docs | a client generated from the OpenAPI document', (db) => {
  let running: RunningServer | undefined;

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('calls every resource and gets the answers its types promise', async () => {
    running = await startServer(testApp(db.knex), { port: 0, logger: pino({ level: 'silent' }) });

    // Every answer is also checked against the served document, as `request` checks supertest's.
    const api = `http://127.0.0.1:${running.port}`;
    const result = await callEveryResource(api, documentedFetch(api));

    expect(result).to.deep.equal({
      price: 4.75,
      productShops: ['Typed Teas'],
      bio: 'Writes typed clients',
      postTags: ['typed'],
      postUser: 'Tess',
      tagCount: 1,
      bookAuthor: 'Ursula',
      authorName: 'Ursula K. Le Guin',
      booksLeft: 0,
      orderedProducts: [['Sencha', 2]],
      customerOrders: ['TYPED-1'],
      deletes: [204, 204, 204],
    });
    expect(await db.knex('shops').count({ count: '*' }).first()).to.deep.equal({ count: 0 });
    expect(await db.knex('users').count({ count: '*' }).first()).to.deep.equal({ count: 0 });
  });
});
