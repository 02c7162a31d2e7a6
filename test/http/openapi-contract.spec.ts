import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Express } from 'express';
import knexFactory from 'knex';
import supertest, { type Response } from 'supertest';
import { knexConfig } from '../../lib';
import { describeEachDialect } from '../support/database';
import { testApp } from '../support/http';
import { contractBreach } from '../support/openapi-contract';
import {
  breachesOf,
  documentedFetch,
  expectDocumented,
  fetchDocumented,
} from '../support/raw-answers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- an arbitrary JSON document

/** A real response with some of its parts replaced, as a server that broke the contract would answer. */
function altered(response: Response, changes: Partial<Response>): Response {
  return Object.assign(Object.create(Object.getPrototypeOf(response) as object), response, changes);
}

// The check every HTTP spec's responses go through (`request` in test/support/http.ts): it
// must refuse what the document does not describe, or those specs prove nothing.
describeEachDialect('HTTP | OpenAPI contract check', (db) => {
  let app: Express;
  let document: Json;

  beforeEach(async () => {
    await db.knex.seed.run();
    app = testApp(db.knex);
    document = (await supertest(app).get('/openapi.json').expect(200)).body;
  });

  it('passes the responses the API gives', async () => {
    for (const [method, url] of [
      ['GET', '/shops/1?include=products'],
      ['GET', '/products?shop_id=1'],
      ['HEAD', '/shops/1'],
      ['GET', '/shops/99'],
      ['DELETE', '/shops/1'],
      ['PATCH', '/shops'],
      ['GET', '/nowhere'],
    ] as const) {
      const send = method.toLowerCase() as 'get' | 'head' | 'delete' | 'patch';
      const response = await supertest(app)[send](url);
      expect(contractBreach(document, method, url, response)).to.equal(undefined);
    }
  });

  it('refuses a body its schema does not describe', async () => {
    const response = await supertest(app).get('/shops/1');
    const body = { ...response.body, name: 42 };

    expect(contractBreach(document, 'GET', '/shops/1', altered(response, { body }))).to.match(
      /^GET \/shops\/1 its body does not match the documented schema: .*name must be string/,
    );
  });

  it('refuses a status the operation does not document', async () => {
    const response = await supertest(app).get('/shops/1');

    expect(
      contractBreach(document, 'GET', '/shops/1', altered(response, { status: 402 })),
    ).to.equal('GET /shops/1 answers 402, which the operation does not document');
  });

  it('refuses a content type the document does not list, and a body where it lists none', async () => {
    const read = await supertest(app).get('/shops/1');
    const deleted = await supertest(app).delete('/tags/1').expect(204);
    const text = altered(read, { headers: { ...read.headers, 'content-type': 'text/html' } });

    expect(contractBreach(document, 'GET', '/shops/1', text)).to.equal(
      'GET /shops/1 answers text/html, which the document does not list for 200',
    );
    expect(
      contractBreach(document, 'DELETE', '/tags/1', altered(deleted, { text: 'gone' })),
    ).to.equal('DELETE /tags/1 answers 204 with a body it does not document');
  });

  it('refuses a 405 whose Allow is not what the document lists, and any other answer to an unlisted method', async () => {
    const refused = await supertest(app).patch('/shops').expect(405);
    const wrongAllow = altered(refused, { headers: { ...refused.headers, allow: 'GET, POST' } });

    expect(contractBreach(document, 'PATCH', '/shops', wrongAllow)).to.equal(
      'PATCH /shops answers Allow: GET, POST, not the methods the document lists (GET, HEAD, POST)',
    );
    expect(contractBreach(document, 'PATCH', '/shops', altered(refused, { status: 200 }))).to.equal(
      'PATCH /shops answers 200 to a method its path does not list, not 405',
    );
  });

  it('refuses anything but a 404 problem on a path the document does not list', async () => {
    const missing = await supertest(app).get('/nowhere').expect(404);

    expect(contractBreach(document, 'GET', '/nowhere', altered(missing, { status: 200 }))).to.equal(
      'GET /nowhere answers 200 on a path the document does not list, not 404',
    );
    expect(
      contractBreach(
        document,
        'GET',
        '/nowhere',
        altered(missing, { body: { title: 'Not found' } }),
      ),
    ).to.match(/^GET \/nowhere its problem document does not match: /);
  });

  it('refuses a documented header with a value its schema does not allow', async () => {
    const knex = knexFactory(knexConfig(db.dialect.url));
    await knex.destroy();
    const closed = testApp(knex);
    const unavailable = await supertest(closed).get('/shops').expect(503);
    const badRetry = altered(unavailable, {
      headers: { ...unavailable.headers, 'retry-after': 'soon' },
    });

    expect(contractBreach(document, 'GET', '/shops', unavailable)).to.equal(undefined);
    expect(contractBreach(document, 'GET', '/shops', badRetry)).to.equal(
      'GET /shops has Retry-After: soon, not an integer as documented',
    );
  });
});

// The same check for answers read without supertest (node:http, fetch, a generated client, an
// app in another process): a listening server, its document fetched as a client would.
describeEachDialect('HTTP | OpenAPI contract check of raw answers', (db) => {
  let server: Server;
  let api: string;

  beforeEach(async () => {
    await db.knex.seed.run();
    server = testApp(db.knex).listen(0);
    await once(server, 'listening');
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });

  it('passes what the server answers, through fetch and through a checking fetch', async () => {
    const shop = await fetchDocumented(api, '/shops/1?include=products');
    const missing = await documentedFetch(api)(`${api}/shops/99`);

    expect(shop.status).to.equal(200);
    expect(missing.status).to.equal(404);
  });

  it('refuses a raw answer whose status or body the document does not describe', async () => {
    const shop = await fetch(`${api}/shops/1`);
    const text = await shop.text();
    const teapot = { status: 418, headers: shop.headers, text };
    const renamed = {
      status: 200,
      headers: shop.headers,
      text: text.replace(/"name":"[^"]*"/, '"name":42'),
    };

    await expectRejection(expectDocumented(api, 'GET', '/shops/1', teapot), /answers 418/);
    await expectRejection(expectDocumented(api, 'GET', '/shops/1', renamed), /name must be string/);
  });

  it('refuses an answer recorded by another process against the document it printed', async () => {
    const document = (await (await fetch(`${api}/openapi.json`)).json()) as Json;
    const recorded = { method: 'DELETE', path: '/shops/1', status: 200, headers: {}, text: '' };

    expect(breachesOf(document, [recorded])).to.deep.equal([
      'DELETE /shops/1 answers 200, which the operation does not document',
    ]);
  });
});

async function expectRejection(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).to.be.instanceOf(Error);
  expect((error as Error).message).to.match(message);
}
