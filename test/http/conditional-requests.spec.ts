import { expect } from 'chai';
import type { Express } from 'express';
import { describeEachDialect } from '../support/database';
import { expectProblem, request, testApp } from '../support/http';
import { snapshotDatabase } from '../support/queries';

const CONCURRENT_WRITES = 10;

// ETags, If-Match and If-None-Match: a lost update is a 412 or a 409, never a silent overwrite.
describeEachDialect('HTTP | conditional requests and versions', (db) => {
  let app: Express;

  beforeEach(async () => {
    await db.knex.seed.run();
    app = testApp(db.knex);
  });

  const etagOf = async (path: string) => {
    const response = await request(app).get(path).expect(200);
    return String(response.headers.etag);
  };

  describe('ETag', () => {
    it('a versioned row’s strong ETag is its version, and every write answers the new one', async () => {
      expect(await etagOf('/products/1')).to.equal('"v1"');

      const patched = await request(app).patch('/products/1').send({ price: 2.75 }).expect(200);
      const replaced = await request(app)
        .put('/products/1')
        .send({ shop_id: 1, name: 'Rice', price: 2.8 })
        .expect(200);

      expect([patched.headers.etag, patched.body.version]).to.deep.equal(['"v2"', 2]);
      expect([replaced.headers.etag, replaced.body.version]).to.deep.equal(['"v3"', 3]);
      expect(await etagOf('/products/1')).to.equal('"v3"');
    });

    it('a row without a version gets a strong ETag from its id and updated_at, which a write changes', async () => {
      const before = await etagOf('/authors/1');
      await new Promise((resolve) => setTimeout(resolve, 5));

      const patched = await request(app).patch('/authors/1').send({ name: 'Ursula' }).expect(200);

      expect(before).to.match(/^"[\w-]+"$/);
      expect(patched.headers.etag).to.not.equal(before);
      expect(await etagOf('/authors/1')).to.equal(patched.headers.etag);
      expect(await etagOf('/authors/2')).to.not.equal(await etagOf('/authors/1'));
    });

    it('with include, the ETag covers the included rows: changing one changes it', async () => {
      const own = await etagOf('/shops/1');
      const included = await etagOf('/shops/1?include=products');

      await request(app).patch('/products/2').send({ price: 1.3 }).expect(200);

      expect(included).to.not.equal(own);
      expect(await etagOf('/shops/1')).to.equal(own);
      expect(await etagOf('/shops/1?include=products')).to.not.equal(included);
    });
  });

  describe('If-None-Match', () => {
    it('answers 304 without a body while the ETag matches, and 200 once the row changed', async () => {
      const etag = await etagOf('/products/1');

      const unchanged = await request(app)
        .get('/products/1')
        .set('If-None-Match', etag)
        .expect(304);
      await request(app).patch('/products/1').send({ price: 3 }).expect(200);
      const changed = await request(app).get('/products/1').set('If-None-Match', etag).expect(200);

      expect(unchanged.text ?? '').to.equal('');
      expect(unchanged.headers.etag).to.equal(etag);
      expect(changed.body).to.include({ price: 3, version: 2 });
    });

    it('matches weakly: W/ tags and * count, other tags do not', async () => {
      await request(app).get('/products/1').set('If-None-Match', 'W/"v1"').expect(304);
      await request(app).get('/products/1').set('If-None-Match', '*').expect(304);
      await request(app).get('/products/1').set('If-None-Match', '"v7", "v1"').expect(304);
      await request(app).get('/products/1').set('If-None-Match', '"v2"').expect(200);
    });
  });

  describe('If-Match', () => {
    for (const [method, path, body] of [
      ['patch', '/products/1', { price: 3 }],
      ['put', '/products/1', { shop_id: 1, name: 'Rice', price: 3 }],
      ['delete', '/products/1', undefined],
      ['patch', '/authors/1', { name: 'Ursula' }],
    ] as const) {
      it(`${method.toUpperCase()} ${path} with a stale If-Match answers 412 and writes nothing`, async () => {
        const before = await snapshotDatabase(db.knex);

        const response = await request(app)[method](path).set('If-Match', '"stale"').send(body);

        expectProblem(response, 412, 'PRECONDITION_FAILED');
        expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
      });
    }

    it('writes when If-Match names the current ETag, among others', async () => {
      const etag = await etagOf('/authors/1');

      await request(app)
        .patch('/authors/1')
        .set('If-Match', `"other", ${etag}`)
        .send({ name: 'Ursula' })
        .expect(200);
      await request(app).delete('/products/3').set('If-Match', '"v1"').expect(204);
    });

    it('compares strongly: a weak tag never matches, and * asks only that the row exist', async () => {
      const before = await snapshotDatabase(db.knex);
      const weak = await request(app)
        .patch('/products/1')
        .set('If-Match', 'W/"v1"')
        .send({ price: 3 });
      const absent = await request(app)
        .patch('/products/999')
        .set('If-Match', '*')
        .send({ price: 3 });
      expectProblem(weak, 412, 'PRECONDITION_FAILED');
      expectProblem(absent, 412, 'PRECONDITION_FAILED');
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);

      await request(app).patch('/products/1').set('If-Match', '*').send({ price: 3 }).expect(200);
    });

    it('an included representation’s ETag is not the row’s: If-Match with it is a 412', async () => {
      const included = await etagOf('/shops/1?include=products');

      const response = await request(app)
        .patch('/shops/1')
        .set('If-Match', included)
        .send({ name: 'G' });

      expectProblem(response, 412, 'PRECONDITION_FAILED');
    });
  });

  describe('versions in the body', () => {
    it('a PATCH naming a stale version answers 409 STALE_VERSION and writes nothing', async () => {
      await request(app).patch('/products/1').send({ price: 3 }).expect(200);
      const before = await snapshotDatabase(db.knex);

      const response = await request(app).patch('/products/1').send({ price: 4, version: 1 });

      expectProblem(response, 409, 'STALE_VERSION');
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });

    it('a PUT of a shop with one stale product version writes nothing of the graph', async () => {
      await request(app).patch('/products/2').send({ price: 1.3 }).expect(200);
      const before = await snapshotDatabase(db.knex);

      const response = await request(app)
        .put('/shops/1')
        .send({
          name: 'Renamed',
          products: [
            { id: 1, name: 'Rice', price: 9, version: 1 },
            { id: 2, name: 'Beans', price: 9, version: 1 },
            { id: 3, name: 'Lentils', price: 3.1 },
          ],
        });

      expectProblem(response, 409, 'STALE_VERSION');
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });
  });

  describe(`${CONCURRENT_WRITES} concurrent PATCHes from one version`, () => {
    const prices = Array.from({ length: CONCURRENT_WRITES }, (_, index) => 10 + index);

    const expectOneWinner = async (statuses: number[], losing: number) => {
      const product = await db.knex('products').where('id', 1).first();
      expect(statuses.filter((status) => status === 200)).to.have.length(1);
      expect(statuses.filter((status) => status === losing)).to.have.length(CONCURRENT_WRITES - 1);
      return product as { price: unknown; version: unknown };
    };

    it('with If-Match: exactly one wins, the others answer 412, and the row is the winner’s', async () => {
      const responses = await Promise.all(
        prices.map((price) =>
          request(app).patch('/products/1').set('If-Match', '"v1"').send({ price }),
        ),
      );

      const row = await expectOneWinner(
        responses.map((response) => response.status),
        412,
      );
      const winner = responses.find((response) => response.status === 200)!;
      expect([Number(row.price), Number(row.version)]).to.deep.equal([winner.body.price, 2]);
    });

    it('with the version in the body: exactly one wins, the others answer 409 STALE_VERSION', async () => {
      const responses = await Promise.all(
        prices.map((price) => request(app).patch('/products/1').send({ price, version: 1 })),
      );

      const row = await expectOneWinner(
        responses.map((response) => response.status),
        409,
      );
      for (const response of responses.filter(({ status }) => status === 409)) {
        expect(response.body.code).to.equal('STALE_VERSION');
      }
      const winner = responses.find((response) => response.status === 200)!;
      expect([Number(row.price), Number(row.version)]).to.deep.equal([winner.body.price, 2]);
    });
  });
});
