import { expect } from 'chai';
import { StaleVersionError } from '../../lib';
import { Product } from '../../models';
import { staleUpdateRefused } from '../../examples/optimistic-concurrency';
import { staleIfMatchRefused } from '../../examples/optimistic-concurrency-http';
import { describeEachDialect } from '../support/database';
import { createGreenGrocer } from '../support/fixtures';

describeEachDialect('Docs | optimistic concurrency example', (db) => {
  it('refuses an update from a stale instance, and takes it once read again', async () => {
    const rice = (await createGreenGrocer()).products![0]!;

    const { refused, fresh } = await staleUpdateRefused(rice.id);

    expect(refused).to.be.instanceOf(StaleVersionError);
    expect(refused).to.include({ code: 'STALE_VERSION', statusCode: 409, expectedVersion: 1 });
    expect(fresh).to.include({ version: 3, price: 3 });
    expect(await Product.query().findById(rice.id)).to.include({ version: 3 });
  });

  it('answers a PATCH with a stale If-Match 412, having written nothing', async () => {
    await db.knex.seed.run();

    const outcome = await staleIfMatchRefused(db.knex, 1);

    expect(outcome).to.deep.include({ etag: '"v1"', status: 412 });
    expect(outcome.problem.code).to.equal('PRECONDITION_FAILED');
    // The other write's price and version: the stale PATCH changed nothing.
    const row = (await db.knex('products').where('id', 1).first()) as Record<string, unknown>;
    expect([Number(row.price), Number(row.version)]).to.deep.equal([2.75, 2]);
  });
});
