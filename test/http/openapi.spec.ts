import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import type { Express } from 'express';
import knexFactory from 'knex';
import { knexConfig } from '../../lib';
import { Model } from 'objection';
import type { Response } from 'supertest';
import type { ResourceModel } from '../../http';
import { allModels } from '../../models';
import { describeEachDialect } from '../support/database';
import { errorPaths, expectProblem, request, RESOURCES, testApp } from '../support/http';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking an arbitrary JSON document

function modelOfTable(table: string): ResourceModel {
  const models: readonly ResourceModel[] = allModels;
  const model = models.find((candidate) => candidate.tableName === table);
  if (!model) throw new Error(`no model serves ${table}`);
  return model;
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
      ['version', 'integer'],
    ]);
    expect(document.paths['/products/{id}'].delete.responses).to.include.keys('204', '404', '409');
    expect(document.paths['/products'].post.responses['400'].content).to.have.key(
      'application/problem+json',
    );
  });

  it('documents ETag, If-Match and If-None-Match, with their 304 and 412', () => {
    const row = document.paths['/products/{id}'];
    const codesOf = (response: Json) =>
      response.content['application/problem+json'].schema.allOf[1].properties.code.enum;
    const headerNames = (operation: Json) =>
      operation.parameters.filter((p: Json) => p.in === 'header').map((p: Json) => p.name);

    expect(headerNames(row.get)).to.deep.equal(['If-None-Match']);
    expect(row.get.responses['200'].headers).to.have.key('ETag');
    expect(row.get.responses['304'].headers).to.have.key('ETag');
    for (const method of ['put', 'patch', 'delete']) {
      expect(headerNames(row[method])).to.deep.equal(['If-Match']);
      expect(codesOf(row[method].responses['412'])).to.deep.equal(['PRECONDITION_FAILED']);
    }
    expect(row.patch.responses['200'].headers).to.have.key('ETag');
    expect(codesOf(row.patch.responses['409'])).to.include('STALE_VERSION');
  });

  it('answers a tour of the API as the document describes, for a standard validator', async () => {
    // `request` checks every response against the served document; this tour makes sure each
    // kind of answer is among them.
    const statuses = async (sends: Array<() => PromiseLike<Response>>): Promise<number[]> => {
      const answered: number[] = [];
      for (const send of sends) answered.push((await send()).status);
      return answered;
    };

    const reads = await statuses(
      [
        '/shops?include=products.orders',
        '/orders/1?include=products,customer',
        '/orders/4?include=customer',
        '/orders/1/products',
        '/users/1?include=profile,posts.tags',
        '/books/1/author',
        '/shops/99',
        '/shops?limit=x',
        '/shops?name=%ZZ',
        '/health',
      ].map((url) => () => request(app).get(url)),
    );
    const writes = await statuses([
      () =>
        request(app)
          .post('/customers')
          .send({ name: 'Carol', orders: [{ order_number: 'C-1' }] }),
      () => request(app).post('/customers').set('Content-Type', 'text/plain').send('Carol'),
      () => request(app).put('/customers/1').send({ name: 'Alice' }),
      () => request(app).patch('/products/1').send({ price: -1 }),
      () => request(app).delete('/tags/1'),
      () => request(app).delete('/products/1'),
      () => request(app).post('/shops/1').send({ name: 'Shop' }),
      () => request(app).get('/nowhere'),
      // What a write refuses: another parent's child, a link to no row, a rewritten target.
      () =>
        request(app)
          .put('/shops/1')
          .send({ name: 'Green Grocer', products: [{ id: 4 }] }),
      () =>
        request(app)
          .post('/orders')
          .send({ order_number: 'ORD-9', products: [{ id: 424242, quantity: 1, unit_price: 1 }] }),
      () =>
        request(app)
          .put('/orders/2')
          .send({ order_number: 'ORD-0002', products: [{ id: 6, name: 'Renamed' }] }),
    ]);
    const closed = knexFactory(knexConfig(db.dialect.url));
    await closed.destroy();
    const away = testApp(closed);
    const unavailable = await statuses([
      () => request(away).get('/shops'),
      () => request(away).put('/shops/1').send({ name: 'Shop' }),
    ]);

    expect(reads).to.deep.equal([200, 200, 200, 200, 200, 200, 404, 400, 400, 200]);
    expect(writes).to.deep.equal([201, 415, 200, 400, 204, 409, 405, 404, 404, 404, 400]);
    expect(unavailable).to.deep.equal([503, 503]);
  });

  it('publishes money in words, not as a float step, and the server still refuses 1.005', async () => {
    const steps: unknown[] = [];
    JSON.stringify(document, (key, value: unknown) => {
      if (key === 'multipleOf') steps.push(value);
      return value;
    });
    const price = document.components.schemas.Product.properties.price;
    const before = await db.knex('products').count({ count: '*' }).first();

    const refused = await request(app)
      .post('/products')
      .send({ shop_id: 1, name: 'Saffron', price: 1.005 });

    expect(steps.filter((step) => !Number.isInteger(step))).to.deep.equal([]);
    expect(price).to.include({ type: 'number', minimum: 0 });
    expect(price.description).to.match(/two decimals at most/);
    expectProblem(refused, 400, 'VALIDATION_FAILED');
    expect(errorPaths(refused)).to.deep.equal(['price']);
    expect(await db.knex('products').count({ count: '*' }).first()).to.deep.equal(before);
  });

  it('requires of a new row the foreign keys its table cannot do without, and of no other body', async () => {
    for (const resource of RESOURCES) {
      const model = modelOfTable(resource);
      const columns = await db.knex(resource).columnInfo();
      const foreignKeys = Object.values(model.getRelations())
        .filter((relation) => relation instanceof Model.BelongsToOneRelation)
        .flatMap((relation) => relation.ownerProp.props);
      const notNull = foreignKeys.filter((key) => columns[key]?.nullable === false);
      const { schemas } = document.components;
      const input: string[] = schemas[`${model.name}Input`].required ?? [];
      const replacement: string[] = schemas[`${model.name}Replacement`].required ?? [];

      expect(
        foreignKeys.filter((key) => input.includes(key)),
        `${model.name}Input`,
      ).to.deep.equal(notNull);
      expect(replacement.filter((key) => foreignKeys.includes(key))).to.deep.equal([]);
      for (const key of notNull) {
        expect(schemas[`${model.name}Node`]?.required ?? []).not.to.include(key);
      }
    }
    const before = await db.knex('products').count({ count: '*' }).first();

    const refused = await request(app).post('/products').send({ name: 'Saffron', price: 9.5 });

    expectProblem(refused, 400, 'NOT_NULL_VIOLATION');
    expect(await db.knex('products').count({ count: '*' }).first()).to.deep.equal(before);
  });

  it('gives every operation a summary, a description and tags the document defines', () => {
    const defined = document.tags.map((tag: Json) => tag.name);
    for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        const operation = item[method];
        if (!operation) continue;
        const where = `${method} ${path}`;
        expect(operation.summary, where).to.be.a('string').and.not.equal('');
        expect(operation.description, where).to.be.a('string').and.not.equal('');
        expect(operation.tags, where).to.have.length.greaterThan(0);
        expect(defined, where).to.include.members(operation.tags);
      }
    }
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
    const ajv = new Ajv2020({ strict: false, allErrors: true });
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
