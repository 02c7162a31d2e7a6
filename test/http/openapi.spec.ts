import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import type { Express } from 'express';
import knexFactory from 'knex';
import { knexConfig } from '../../lib';
import request, { type Response } from 'supertest';
import { describeEachDialect } from '../support/database';
import { RESOURCES, testApp } from '../support/http';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking an arbitrary JSON document

/** The operation of the document that serves `method url`. */
function operationFor(document: Json, method: string, url: string): Json {
  const path = new URL(url, 'http://api').pathname;
  const template = Object.keys(document.paths).find((candidate) =>
    new RegExp(`^${candidate.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
  expect(template, `no path of the document serves ${path}`).to.be.a('string');
  return document.paths[template!][method.toLowerCase()];
}

// The OpenAPI 3.1 document: valid for a real validator, and true to the responses it describes.
describeEachDialect('HTTP | OpenAPI document', (db) => {
  let app: Express;
  let document: Json;

  beforeEach(async () => {
    await db.knex.seed.run();
    app = testApp(db.knex);
    document = (await request(app).get('/openapi.json').expect(200)).body;
  });

  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);

    expect(result.errors).to.equal(undefined);
    expect(result.valid).to.equal(true);
    expect(validator.version).to.equal('3.1');
    expect(() => validator.resolveRefs()).not.to.throw();
  });

  it('has the collection, row and relation paths of every resource', () => {
    for (const resource of RESOURCES) {
      expect(document.paths[`/${resource}`]).to.have.keys('get', 'post');
      expect(document.paths[`/${resource}/{id}`]).to.include.keys('get', 'put', 'patch', 'delete');
    }
    expect(document.paths).to.include.keys(
      '/shops/{id}/products',
      '/orders/{id}/products',
      '/books/{id}/author',
      '/health',
      '/openapi.json',
    );
  });

  it('lists the include paths each resource accepts, three levels deep at most', () => {
    const include = document.paths['/shops'].get.parameters.find((p: Json) => p.name === 'include');

    expect(include).to.include({ in: 'query', style: 'form', explode: false });
    expect(include.schema.items.enum).to.include.members([
      'products',
      'products.orders',
      'products.orders.customer',
    ]);
    expect(include.schema.items.enum.every((path: string) => path.split('.').length <= 3)).to.equal(
      true,
    );
  });

  it('has one filter per column, typed, and the error responses', () => {
    const list = document.paths['/products'].get;
    const filters = list.parameters.filter(
      (p: Json) => !['include', 'sort', 'limit', 'offset'].includes(p.name),
    );

    expect(filters.map((p: Json) => [p.name, p.schema.type])).to.deep.equal([
      ['id', 'integer'],
      ['shop_id', 'integer'],
      ['name', 'string'],
      ['price', 'number'],
    ]);
    expect(document.paths['/products/{id}'].delete.responses).to.include.keys('204', '404', '409');
    expect(document.paths['/products'].post.responses['400'].content).to.have.key(
      'application/problem+json',
    );
  });

  it('describes the responses the API gives', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, multipleOfPrecision: 9 });
    addFormats(ajv);
    ajv.addSchema(document, 'https://api.test/openapi.json');
    const check = (method: string, url: string, response: Response) => {
      const content = operationFor(document, method, url).responses[response.status]?.content;
      const type = String(response.headers['content-type']).split(';')[0]!;
      expect(content, `${method} ${url} ${response.status} is not documented`).to.have.key(type);
      const schema = JSON.parse(
        JSON.stringify(content[type].schema).replaceAll(
          '"#/components/',
          '"https://api.test/openapi.json#/components/',
        ),
      );
      const validate = ajv.compile(schema);
      expect(
        validate(response.body),
        `${method} ${url}: ${ajv.errorsText(validate.errors)}`,
      ).to.equal(true);
    };

    for (const url of [
      '/shops?include=products.orders',
      '/orders/1?include=products,customer',
      '/orders/4?include=customer',
      '/orders/1/products',
      '/users/1?include=profile,posts.tags',
      '/books/1/author',
      '/shops/99',
      '/shops?limit=x',
      '/health',
    ]) {
      check('GET', url, await request(app).get(url));
    }
    const created = await request(app)
      .post('/customers')
      .send({ name: 'Carol', orders: [{ order_number: 'C-1' }] });
    check('POST', '/customers', created);
    check(
      'POST',
      '/customers',
      await request(app).post('/customers').set('Content-Type', 'text/plain').send('Carol'),
    );
    check('PUT', '/customers/1', await request(app).put('/customers/1').send({ name: 'Alice' }));
    check('PATCH', '/products/1', await request(app).patch('/products/1').send({ price: -1 }));
    check('GET', '/shops?name=%ZZ', await request(app).get('/shops?name=%ZZ'));

    // What a write refuses: another parent's child, a link to no row, a rewritten target.
    check(
      'PUT',
      '/shops/1',
      await request(app)
        .put('/shops/1')
        .send({ name: 'Green Grocer', products: [{ id: 4 }] }),
    );
    check(
      'POST',
      '/orders',
      await request(app)
        .post('/orders')
        .send({ order_number: 'ORD-9', products: [{ id: 424242, quantity: 1, unit_price: 1 }] }),
    );
    check(
      'PUT',
      '/orders/2',
      await request(app)
        .put('/orders/2')
        .send({ order_number: 'ORD-0002', products: [{ id: 6, name: 'Renamed' }] }),
    );

    const closed = knexFactory(knexConfig(db.dialect.url));
    await closed.destroy();
    const away = testApp(closed);
    check('GET', '/shops', await request(away).get('/shops'));
    check('PUT', '/shops/1', await request(away).put('/shops/1').send({ name: 'Shop' }));
  });

  it('lists the failures that pass where they can occur, with their codes and Retry-After', () => {
    const operations = Object.values(document.paths as Record<string, Json>).flatMap((path) =>
      ['get', 'post', 'put', 'patch', 'delete'].flatMap((method) =>
        path[method] ? [[method, path[method]] as const] : [],
      ),
    );
    const codesOf = (response: Json) =>
      response.content['application/problem+json'].schema.allOf[1].properties.code.enum;

    for (const [method, operation] of operations) {
      // The one operation that never reaches the database.
      if (operation.operationId === 'openApiDocument') continue;
      expect(codesOf(operation.responses['503'])).to.deep.equal([
        'DATABASE_UNAVAILABLE',
        'DATABASE_BUSY',
      ]);
      expect(operation.responses['503'].headers).to.have.key('Retry-After');
      expect(operation.responses).to.include.keys('414', '431');
      if (method !== 'get') {
        expect(codesOf(operation.responses['409'])).to.include('CONCURRENT_WRITE_CONFLICT');
      }
    }
    expect(codesOf(document.paths['/shops'].post.responses['400'])).to.include('MALFORMED_REQUEST');
  });

  it('takes only the id and the join-table extras of a many-to-many node that names a row', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, multipleOfPrecision: 9 });
    addFormats(ajv);
    ajv.addSchema(document, 'https://api.test/openapi.json');
    const isValid = (schema: string, body: unknown) =>
      ajv.validate({ $ref: `https://api.test/openapi.json#/components/schemas/${schema}` }, body);
    const order = (product: object) => ({ order_number: 'ORD-9', products: [product] });

    expect(isValid('OrderInput', order({ id: 6, quantity: 2, unit_price: 900 }))).to.equal(true);
    expect(isValid('OrderInput', order({ id: 6, name: 'Renamed' }))).to.equal(false);
    expect(isValid('OrderInput', order({ id: 6, orders: [] }))).to.equal(false);
    expect(
      isValid(
        'OrderInput',
        order({ shop_id: 1, name: 'Kale', price: 2, quantity: 1, unit_price: 2 }),
      ),
    ).to.equal(true);
    expect(
      isValid('PostInput', { title: 'T', content: 'C', tags: [{ id: 2, name: 'ORM' }] }),
    ).to.equal(false);
    expect(isValid('ShopInput', { name: 'Shop', products: [{ id: 1, name: 'Rice 2' }] })).to.equal(
      true,
    );
    expect(document.paths['/orders'].post.responses).to.include.keys('201', '400', '404', '409');
  });

  it('names the mount point as its server', async () => {
    expect(document.servers).to.deep.equal([{ url: '/' }]);
  });
});
