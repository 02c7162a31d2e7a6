import { expect } from 'chai';
import { isJoinable, withIncluded } from '../../http/fetch-graph';
import { parseInclude, relationPaths } from '../../http/relation-tree';
import { type BaseModel, findByIdJoined, recordQueries } from '../../lib';
import { allModels } from '../../models';
import { describeEachDialect } from '../support/database';
import { request, testApp } from '../support/http';

// `GET /<resource>/:id?include=…` must read one consistent state. One statement does by itself,
// so a row whose includes can be joined without multiplying rows is read in one join; other
// include trees are read level by level in a snapshot transaction.
describeEachDialect('HTTP | reading one row', (db) => {
  beforeEach(async () => {
    await db.knex.seed.run();
  });

  it('answers every include path of every resource as the level-by-level reads do', async () => {
    let compared = 0;
    for (const model of allModels) {
      for (const path of relationPaths(model, 2)) {
        const tree = parseInclude(model, path, 2);
        if (!isJoinable(model, tree)) continue;
        for (const id of [1, 2, 3]) {
          const perLevel = await withIncluded(
            (model as typeof BaseModel).query(db.knex).findById(id),
            tree,
          );
          // The first read of a tree goes through Objection, later ones parse the rows.
          for (const read of ['first', 'cached']) {
            const joined = await findByIdJoined(model, db.knex, id, tree);
            expect(joined?.toJSON(), `${read} ${model.name} ${id} include=${path}`).to.deep.equal(
              perLevel?.toJSON(),
            );
          }
          compared++;
        }
      }
    }
    expect(compared).to.be.greaterThan(40);
  });

  it('reads a row with a chain of to-many includes in one statement, without a transaction', async () => {
    const app = testApp(db.knex);

    const { result, queries } = await recordQueries(db.knex, () =>
      request(app).get('/shops/1?include=products.orders'),
    );

    expect(result.status).to.equal(200);
    expect(result.body.products.length).to.be.greaterThan(0);
    expect(queries.map((query) => query.sql)).to.have.length(1);
    expect(queries[0]!.sql).to.match(/^select .* left join/i);
  });

  it('reads a row whose includes branch into two to-many relations in a snapshot transaction', async () => {
    const app = testApp(db.knex);

    const { result, queries } = await recordQueries(db.knex, () =>
      request(app).get('/orders/1?include=products,customer.orders'),
    );

    expect(result.status).to.equal(200);
    const statements = queries.map((query) => query.sql);
    expect(statements[0]).to.match(/^begin/i);
    expect(statements.at(-1)).to.match(/^commit/i);
    // the order, its products, its customer, the customer's orders
    expect(statements).to.have.length(6);
  });

  it('answers 404 for a missing row read in one statement', async () => {
    const app = testApp(db.knex);

    const response = await request(app).get('/shops/999?include=products');

    expect(response.status).to.equal(404);
  });
});
