import net from 'node:net';
import { expect } from 'chai';
import type { Express } from 'express';
import pino from 'pino';
import type { Response } from 'supertest';
import { startServer } from '../../http';
import { describeEachDialect } from '../support/database';
import { errorPaths, expectProblem, request, testApp } from '../support/http';
import { snapshotDatabase } from '../support/queries';

// Bad input over HTTP: a problem document that says what is wrong, never a 500, nothing lost.
describeEachDialect('HTTP | bad input: a clear error, and nothing lost', (db) => {
  let app: Express;
  let before: Record<string, unknown[]>;

  beforeEach(async () => {
    await db.knex.seed.run();
    app = testApp(db.knex);
    before = await snapshotDatabase(db.knex);
  });

  /** Sends `text` as it is over a socket of its own: what no HTTP client library would send. */
  function rawRequest(port: number, text: string): Promise<{ head: string; body: string }> {
    return new Promise((resolve, reject) => {
      let received = '';
      const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', body = ''] = received.split('\r\n\r\n');
        resolve({ head, body });
      });
    });
  }

  /** The response is the given problem, and the database is exactly as it was. */
  async function expectRefused(
    response: Response,
    status: number,
    code: string | string[],
  ): Promise<Response> {
    expectProblem(response, status, code);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    return response;
  }

  describe('the body', () => {
    it('refuses malformed JSON with 400 MALFORMED_REQUEST', async () => {
      await expectRefused(
        await request(app).post('/shops').set('Content-Type', 'application/json').send('{"name":'),
        400,
        'MALFORMED_REQUEST',
      );
    });

    for (const [label, body] of [
      ['an array', '[{"name":"Shop"}]'],
      ['a string', '"Shop"'],
      ['null', 'null'],
    ] as const) {
      it(`refuses a body that is ${label}, not an object, with 400`, async () => {
        const response = await request(app)
          .post('/shops')
          .set('Content-Type', 'application/json')
          .send(body);
        await expectRefused(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).to.deep.equal([
          { path: '', message: 'must be a JSON object' },
        ]);
      });
    }

    it('refuses a missing body with 400', async () => {
      await expectRefused(await request(app).put('/shops/1'), 400, 'VALIDATION_FAILED');
    });

    it('refuses a body that is not JSON with 415', async () => {
      await expectRefused(
        await request(app).post('/shops').set('Content-Type', 'text/plain').send('name=Shop'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      await expectRefused(
        await request(app).patch('/shops/1').type('form').send({ name: 'Shop' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });

    it('refuses a body over the size limit with 413', async () => {
      const response = await request(app)
        .post('/shops')
        .send({ name: 'Big', products: [{ name: 'x'.repeat(200_000), price: 1 }] });
      await expectRefused(response, 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('the fields', () => {
    it('refuses a missing required field, naming it', async () => {
      const response = await request(app).post('/posts').send({ user_id: 1, title: 'No content' });
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['content']);
    });

    it('refuses a mistyped field, naming it', async () => {
      const response = await request(app)
        .post('/products')
        .send({ shop_id: 1, name: 'Oats', price: 'cheap' });
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['price']);
    });

    it('refuses a too long field, naming it', async () => {
      const response = await request(app)
        .patch('/shops/1')
        .send({ name: 'x'.repeat(81) });
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['name']);
    });

    it('refuses a negative price, naming it', async () => {
      const response = await request(app)
        .post('/shops')
        .send({ name: 'Oat Shop', products: [{ name: 'Oats', price: -1 }] });
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['products[0].price']);
    });

    it('refuses a negative quantity on an order item, naming it', async () => {
      const response = await request(app)
        .post('/orders')
        .send({ order_number: 'ORD-9', products: [{ id: 1, quantity: -2, unit_price: 2.5 }] });
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['products[0].quantity']);
    });

    it('refuses a field the model does not have, and the timestamps are not for setting', async () => {
      const response = await request(app)
        .post('/shops')
        .send({
          name: 'Oat Shop',
          owner: 'me',
          products: [{ name: 'Oats', price: 1, colour: 'beige' }],
        });
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['owner', 'products[0].colour']);
    });

    it('refuses an id in a POST body, and an id that differs from the path', async () => {
      const create = await request(app).post('/shops').send({ id: 9, name: 'Oat Shop' });
      const replace = await request(app).put('/shops/1').send({ id: 2, name: 'Green Grocer' });
      const patch = await request(app).patch('/shops/1').send({ id: 2 });

      for (const response of [create, replace, patch]) {
        await expectRefused(response, 400, 'VALIDATION_FAILED');
        expect(errorPaths(response)).to.deep.equal(['id']);
      }
    });

    it('refuses an id on a new nested row, and a nested id that is not a positive integer', async () => {
      const newRow = await request(app)
        .post('/shops')
        .send({ name: 'Oat Shop', products: [{ id: 2, name: 'Oats', price: 1 }] });
      const badLinks = await request(app)
        .post('/orders')
        .send({
          order_number: 'ORD-9',
          products: [
            { id: 'abc', quantity: 1, unit_price: 1 },
            { id: 1.5, quantity: 1, unit_price: 1 },
          ],
        });

      await expectRefused(newRow, 400, 'VALIDATION_FAILED');
      expect(errorPaths(newRow)).to.deep.equal(['products[0].id']);
      await expectRefused(badLinks, 400, 'VALIDATION_FAILED');
      expect(errorPaths(badLinks)).to.deep.equal(['products[0].id', 'products[1].id']);
    });

    it('refuses a relation that is not an array or object', async () => {
      const response = await request(app)
        .post('/shops')
        .send({ name: 'Oat Shop', products: { name: 'Oats', price: 1 } });
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['products']);
    });
  });

  describe('the data', () => {
    it('refuses a duplicate unique value with 409 UNIQUE_VIOLATION', async () => {
      await expectRefused(
        await request(app).post('/shops').send({ name: 'Green Grocer' }),
        409,
        'UNIQUE_VIOLATION',
      );
      await expectRefused(
        await request(app).patch('/orders/2').send({ order_number: 'ORD-0001' }),
        409,
        'UNIQUE_VIOLATION',
      );
    });

    // A nested id that names no row is a 404 naming its path (test/http/graph-containment.spec.ts).
    it('refuses a reference to a missing parent with 409 FOREIGN_KEY_VIOLATION', async () => {
      await expectRefused(
        await request(app).post('/products').send({ shop_id: 999, name: 'Ghost', price: 1 }),
        409,
        'FOREIGN_KEY_VIOLATION',
      );
    });

    it('rolls back the whole graph when its last node fails', async () => {
      const response = await request(app)
        .post('/customers')
        .send({ name: 'Carol', orders: [{ order_number: 'C-1' }, { order_number: 'ORD-0001' }] });
      await expectRefused(response, 409, 'UNIQUE_VIOLATION');
    });
  });

  describe('relations', () => {
    it('refuses an unknown relation in include', async () => {
      await expectRefused(await request(app).get('/shops?include=owner'), 400, 'INVALID_RELATION');
      await expectRefused(
        await request(app).get('/shops/1?include=products.nope'),
        400,
        'INVALID_RELATION',
      );
    });

    it('refuses an include deeper than three relations', async () => {
      const response = await request(app).get('/shops?include=products.orders.customer.orders');
      await expectRefused(response, 400, 'INVALID_RELATION');
      expect(response.body.detail).to.match(/at most 3/);
    });

    it('refuses relation-expression syntax in include', async () => {
      for (const include of ['[products,orders]', 'products(byName)', 'products.^', 'products:p']) {
        await expectRefused(
          await request(app).get(`/shops?include=${encodeURIComponent(include)}`),
          400,
          'INVALID_RELATION',
        );
      }
    });

    it('refuses a relation a body may not write', async () => {
      const owner = await request(app)
        .post('/products')
        .send({ name: 'Oats', price: 1, shop: { name: 'Oat Shop' } });
      const protectedRows = await request(app)
        .put('/products/2')
        .send({ name: 'Beans', price: 1.2, orders: [] });
      const patch = await request(app).patch('/shops/1').send({ products: [] });

      for (const response of [owner, protectedRows, patch]) {
        await expectRefused(response, 400, 'INVALID_RELATION');
      }
    });

    it('refuses a body nested deeper than three relations', async () => {
      const response = await request(app)
        .post('/users')
        .send({
          name: 'Deep',
          posts: [
            {
              title: 'T',
              content: 'C',
              tags: [{ name: 'deep', posts: [{ title: 'T2', content: 'C2', tags: [] }] }],
            },
          ],
        });
      await expectRefused(response, 400, 'INVALID_RELATION');
    });
  });

  describe('the query string', () => {
    it('refuses an unknown filter, a relation or a join extra as a filter', async () => {
      for (const query of ['colour=red', 'products=1', 'quantity=2']) {
        const response = await request(app).get(`/products?${query}`);
        await expectRefused(response, 400, 'VALIDATION_FAILED');
        expect(errorPaths(response)).to.deep.equal([query.split('=')[0]]);
      }
    });

    it('refuses a filter value of the wrong type', async () => {
      for (const query of ['id=abc', 'price=2.5.1', 'shop_id=1.5', 'price=', 'id=1e400']) {
        const response = await request(app).get(`/products?${query}`);
        await expectRefused(response, 400, 'VALIDATION_FAILED');
      }
    });

    it('refuses a repeated parameter', async () => {
      const response = await request(app).get('/products?name=Rice&name=Beans');
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['name']);
    });

    it('refuses an unknown sort field', async () => {
      const response = await request(app).get('/products?sort=name,-colour');
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['sort']);
    });

    it('refuses a non-integer, negative or too large limit or offset', async () => {
      for (const query of [
        'limit=ten',
        'limit=-1',
        'limit=2.5',
        'limit=101',
        'offset=-5',
        'offset=x',
      ]) {
        const response = await request(app).get(`/products?${query}`);
        await expectRefused(response, 400, 'VALIDATION_FAILED');
        expect(errorPaths(response)).to.deep.equal([query.split('=')[0]]);
      }
    });

    it('refuses parameters other than include on a single row', async () => {
      await expectRefused(await request(app).get('/shops/1?name=x'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('ids', () => {
    it('answers 400 for an id that is not a positive integer, on every method', async () => {
      for (const id of ['abc', '1.5', '-1', '0', '1e3', '99999999999999999999']) {
        await expectRefused(await request(app).get(`/shops/${id}`), 400, 'VALIDATION_FAILED');
        await expectRefused(await request(app).delete(`/shops/${id}`), 400, 'VALIDATION_FAILED');
        await expectRefused(
          await request(app).patch(`/shops/${id}`).send({ name: 'x' }),
          400,
          'VALIDATION_FAILED',
        );
        await expectRefused(
          await request(app).get(`/shops/${id}/products`),
          400,
          'VALIDATION_FAILED',
        );
      }
    });

    it('answers 404 for an id that names no row, on every method', async () => {
      await expectRefused(await request(app).get('/shops/4'), 404, 'NOT_FOUND');
      await expectRefused(await request(app).delete('/shops/4'), 404, 'NOT_FOUND');
      await expectRefused(
        await request(app).patch('/shops/4').send({ name: 'x' }),
        404,
        'NOT_FOUND',
      );
      await expectRefused(await request(app).get('/shops/4/products'), 404, 'NOT_FOUND');
    });

    it('answers an id beyond the column range with 400 or 404, never 500', async () => {
      for (const id of ['2147483648', '9007199254740991']) {
        const response = await request(app).get(`/shops/${id}`);
        await expectRefused(response, response.status === 404 ? 404 : 400, [
          'NOT_FOUND',
          'VALIDATION_FAILED',
        ]);
      }
    });
  });

  describe('SQL-looking input is just data', () => {
    it('matches a filter literally', async () => {
      for (const name of ["' OR 1=1 --", "Rice'; DROP TABLE products; --", '%', '_ice']) {
        const response = await request(app).get(`/products?name=${encodeURIComponent(name)}`);
        expect(response.status).to.equal(200);
        expect(response.body).to.include({ total: 0 });
      }
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });

    it('stores a body value literally', async () => {
      const name = "Robert'); DROP TABLE shops; --";

      const response = await request(app).post('/shops').send({ name }).expect(201);

      expect(response.body.name).to.equal(name);
      expect(await db.knex('shops').pluck('name')).to.include(name);
    });

    it('refuses a sort or include that smuggles SQL', async () => {
      await expectRefused(
        await request(app).get(`/products?sort=${encodeURIComponent('name; DROP TABLE shops')}`),
        400,
        'VALIDATION_FAILED',
      );
      await expectRefused(
        await request(app).get(`/shops?include=${encodeURIComponent('products) --')}`),
        400,
        'INVALID_RELATION',
      );
    });
  });

  describe('never a 500 for what a client sent', () => {
    it('refuses a quantity beyond the column range, naming it', async () => {
      const response = await request(app)
        .post('/orders')
        .send({ order_number: 'ORD-9', products: [{ id: 1, quantity: 2 ** 31, unit_price: 1 }] });
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['products[0].quantity']);
    });

    it('answers a filter beyond the column range with no rows or a 400, never a 500', async () => {
      const response = await request(app).get('/orders?customer_id=3000000000');

      if (response.status === 400) await expectRefused(response, 400, 'VALIDATION_FAILED');
      else expect([response.status, response.body.total]).to.deep.equal([200, 0]);
    });

    it('answers 400 for a path that does not decode', async () => {
      await expectRefused(await request(app).get('/shops/%E0%A4%A'), 400, 'MALFORMED_REQUEST');
    });

    it('answers 405 with Allow for a method a path does not support', async () => {
      const response = await request(app).delete('/shops');
      await expectRefused(response, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers.allow).to.equal('GET, HEAD, POST');
    });

    it('answers 404 for a path that names no resource or relation', async () => {
      await expectRefused(await request(app).get('/warehouses'), 404, 'NOT_FOUND');
      await expectRefused(await request(app).get('/shops/1/owner'), 404, 'NOT_FOUND');
    });
  });

  describe('hostile bodies and URLs', () => {
    it('refuses a body nested deeper than 32 levels with 400, naming where, before walking it', async () => {
      const deep = `{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`;

      const response = await request(app)
        .post('/shops')
        .set('Content-Type', 'application/json')
        .send(deep);

      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).to.deep.equal([
        {
          path: `name${'[0]'.repeat(31)}`,
          message: 'nests deeper than 32 levels of arrays and objects',
        },
      ]);
    });

    it('reads a body nested 32 levels deep, and the model refuses what does not fit', async () => {
      const response = await request(app)
        .post('/shops')
        .set('Content-Type', 'application/json')
        .send(`{"name":${'['.repeat(31)}${']'.repeat(31)}}`);

      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).to.deep.equal([{ path: 'name', message: 'must be string' }]);
    });

    it('refuses a NUL character in any string of a body with 400, naming the field, on every database', async () => {
      for (const [send, path] of [
        [() => request(app).post('/shops').send({ name: 'Nul\u0000Shop' }), 'name'],
        [() => request(app).patch('/shops/1').send({ name: 'a\u0000b' }), 'name'],
        [
          () =>
            request(app)
              .put('/authors/1')
              .send({ name: 'Jane Austen', books: [{ title: 'Emma\u0000' }] }),
          'books[0].title',
        ],
      ] as const) {
        const response = await expectRefused(await send(), 400, 'VALIDATION_FAILED');
        expect(response.body.errors).to.deep.equal([
          { path, message: 'must not contain a NUL character (\\u0000)' },
        ]);
      }
    });

    it('refuses a NUL character in a filter with 400, naming the parameter', async () => {
      const response = await request(app).get('/shops?name=a%00b');

      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(errorPaths(response)).to.deep.equal(['name']);
    });

    it('refuses a lone surrogate with 400, and keeps a paired one exactly', async () => {
      const lone = await request(app)
        .post('/authors')
        .set('Content-Type', 'application/json')
        .send('{"name":"Half \\ud83d a smile"}');
      await expectRefused(lone, 400, 'VALIDATION_FAILED');
      expect(lone.body.errors).to.deep.equal([
        {
          path: 'name',
          message: 'must be valid Unicode: it contains a lone surrogate (\\uD800-\\uDFFF)',
        },
      ]);

      const paired = await request(app).post('/authors').send({ name: 'A whole \u{1F600}' });
      expect(paired.status).to.equal(201);
      const read = await request(app).get(`/authors/${paired.body.id}`);
      expect(read.body.name).to.equal('A whole \u{1F600}');
    });

    it('refuses a query string that does not percent-decode with 400 MALFORMED_REQUEST', async () => {
      for (const query of ['name=%ZZ', 'name=%FF', 'include=products%']) {
        await expectRefused(await request(app).get(`/shops?${query}`), 400, 'MALFORMED_REQUEST');
      }
      await expectRefused(
        await request(app).get('/shops/1?include=%E0%A4%A'),
        400,
        'MALFORMED_REQUEST',
      );
    });

    describe('on a real server', () => {
      let running: Awaited<ReturnType<typeof startServer>>;

      beforeEach(async () => {
        running = await startServer(app, { port: 0, logger: pino({ level: 'silent' }) });
      });

      afterEach(() => running.stop());

      async function expectRawProblem(text: string, status: number, code: string) {
        const { head, body } = await rawRequest(running.port, text);
        expect(head.split('\r\n')[0]).to.match(new RegExp(`^HTTP/1.1 ${status} `));
        expect(head).to.match(/\r\ncontent-type: application\/problem\+json/i);
        expect(JSON.parse(body)).to.include({ status, code });
        expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
      }

      it('answers headers over the size limit with 431 HEADERS_TOO_LARGE', async () => {
        await expectRawProblem(
          `GET /shops HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
          431,
          'HEADERS_TOO_LARGE',
        );
      });

      it('answers a URL over the size limit with 414 URI_TOO_LONG', async () => {
        await expectRawProblem(
          `GET /shops?name=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
          414,
          'URI_TOO_LONG',
        );
      });

      it('answers bytes that are not HTTP with 400 MALFORMED_REQUEST', async () => {
        await expectRawProblem('HELLO THERE\r\n\r\n', 400, 'MALFORMED_REQUEST');
      });
    });
  });
});
