import { expect } from 'chai';
import express from 'express';
import pino from 'pino';
import { Model } from 'objection';
import { allModels, Product } from '../../demo';
import { createRouter } from '../../http';
import { BaseModel, InverseMismatchError } from '../../lib';
import { describeEachDialect } from '../support/database';
import { expectProblem, request } from '../support/http';

// The router inside somebody else's Express app, which has its own middleware and routes.
describeEachDialect('HTTP | router mounted in another Express app', (db) => {
  function hostApp() {
    const app = express();
    app.use(express.json());
    app.get('/', (_req, res) => {
      res.send('host');
    });
    app.use(
      '/api/v1',
      createRouter({ knex: db.knex, models: allModels, logger: pino({ level: 'silent' }) }),
    );
    app.use((_req, res) => {
      res.status(404).send('host 404');
    });
    return app;
  }

  beforeEach(() => db.knex.seed.run());

  it('answers under the mount path, with Locations under it', async () => {
    const app = hostApp();

    const created = await request(app, { mount: '/api/v1' })
      .post('/api/v1/tags')
      .send({ name: 'http' })
      .expect(201);
    const list = await request(app, { mount: '/api/v1' }).get('/api/v1/tags?name=http').expect(200);

    expect(created.headers.location).to.equal(`/api/v1/tags/${created.body.id}`);
    expect(list.body.data).to.deep.equal([created.body]);
  });

  it('answers its errors as problem documents and leaves other paths to the host', async () => {
    const app = hostApp();

    expectProblem(
      await request(app, { mount: '/api/v1' }).get('/api/v1/shops/abc'),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await request(app, { mount: '/api/v1' })
        .post('/api/v1/shops')
        .set('Content-Type', 'text/plain')
        .send('x'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect((await request(app, { mount: '/api/v1' }).get('/').expect(200)).text).to.equal('host');
    expect((await request(app, { mount: '/api/v1' }).get('/elsewhere').expect(404)).text).to.equal(
      'host 404',
    );
  });

  it('names the mount path as the server of its OpenAPI document', async () => {
    const document = await request(hostApp(), { mount: '/api/v1' })
      .get('/api/v1/openapi.json')
      .expect(200);

    expect(document.body.servers).to.deep.equal([{ url: '/api/v1' }]);
  });

  it('refuses to serve a relation whose target is not served, naming the model to add', () => {
    const served = allModels.filter((model) => model !== Product);

    expect(() => createRouter({ knex: db.knex, models: served })).to.throw(
      'Shop.products leads to Product, which is not among the models to serve: add Product to `models`',
    );
  });

  it('refuses to serve a relation that names no inverse, saying why, when it is created', () => {
    class Stall extends BaseModel {
      static override tableName = 'shops';
      static override relationMappings = () => ({
        products: {
          relation: Model.HasManyRelation,
          modelClass: Ware,
          join: { from: 'shops.id', to: 'products.shop_id' },
        },
      });
    }
    class Ware extends BaseModel {
      static override tableName = 'products';
    }

    expect(() => createRouter({ knex: db.knex, models: [Stall, Ware] }))
      .to.throw(InverseMismatchError)
      .with.property(
        'message',
        'Stall.products names no inverse, which the REST API needs: declare the relation on ' +
          'Ware that points back at it and name it as `inverse`',
      );
  });
});
