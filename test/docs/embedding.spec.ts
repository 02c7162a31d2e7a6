import { expect } from 'chai';
import { embedding } from '../../examples/embedding';
import { describeEachDialect } from '../support/database';
import { request } from '../support/http';

describeEachDialect('Docs | embedding the API in another Express app', (db) => {
  it("serves the API under /api beside the app's own routes", async () => {
    await db.knex.seed.run();
    const app = embedding(db.knex);

    const rice = await request(app, { mount: '/api' })
      .get('/api/shops/1/products?name=Rice')
      .expect(200);
    const home = await request(app, { mount: '/api' }).get('/').expect(200);

    expect(rice.body.data[0]).to.include({ name: 'Rice', price: 2.5 });
    expect(home.text).to.equal('My shop front');
  });
});
