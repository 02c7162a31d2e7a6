import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { type Model, QueryBuilder } from 'objection';
import { recordQueries, translateError } from '../../lib';
import { findByIdOf } from '../../lib/read/find-by-id';
import { Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';

// `Model.query().findById(id)`, the most frequent read, is sent as the knex query Objection
// would build, without building it through Objection's operations.
describeEachDialect('Reads | findById by the shortest path, as Objection would', (db) => {
  let rice: Product;
  let beans: Product;

  beforeEach(async () => {
    const shop = await Shop.query().insertGraph({
      name: 'Green Grocer',
      products: [
        { name: 'Rice', price: 2.5 },
        { name: 'Beans', price: 1.2 },
      ],
    });
    [rice, beans] = shop.products! as [Product, Product];
  });

  /** What Objection's own execute answers, or throws, for the same query. */
  async function throughObjection(build: () => QueryBuilder<Model, unknown>) {
    return Promise.resolve(QueryBuilder.prototype.execute.call(build())).catch((error: unknown) => {
      throw translateError(error);
    });
  }

  it('sends the statement Objection builds, naming the model to the query recorder', async () => {
    const { result, queries } = await recordQueries(db.knex, async () =>
      Product.query().findById(rice.id),
    );

    expect(queries).to.have.length(1);
    expect(queries[0]?.sql).to.equal(
      Product.query().findById(rice.id).toKnexQuery().toSQL().toNative().sql,
    );
    expect(queries[0]?.model).to.equal('Product');
    expect(result).to.be.instanceOf(Product);
    expect(JSON.stringify(result)).to.equal(
      JSON.stringify(await throughObjection(() => Product.query().findById(rice.id))),
    );
  });

  it('answers undefined for an id no row has, and reads an id given as a string', async () => {
    expect(await Product.query().findById(9999)).to.equal(undefined);
    expect((await Product.query().findById(String(rice.id)))?.name).to.equal('Rice');
  });

  it('reads inside the caller’s transaction', async () => {
    const name = await db.knex.transaction(async (trx) => {
      await Product.query(trx).findById(rice.id).patch({ name: 'Brown Rice' });
      return (await Product.query(trx).findById(rice.id))?.name;
    });

    expect(name).to.equal('Brown Rice');
  });

  it('refuses a malformed id as Objection’s pipeline does', async () => {
    const build = () => Product.query().findById('not a number');

    const layer = await Promise.resolve(build()).then(
      (found) => ({ found }),
      (error: unknown) => ({ error: (error as Error).constructor.name }),
    );
    const objection = await throughObjection(build).then(
      (found) => ({ found }),
      (error: unknown) => ({ error: (error as Error).constructor.name }),
    );

    expect(layer).to.deep.equal(objection);
  });

  it('takes the short path only for a bare findById', () => {
    const bare = () => Product.query().findById(rice.id);

    expect(findByIdOf(bare())).to.equal(rice.id);
    expect(findByIdOf(bare().select('name'))).to.equal(undefined);
    expect(findByIdOf(bare().where('price', '>', 1))).to.equal(undefined);
    expect(findByIdOf(bare().alias('p'))).to.equal(undefined);
    expect(findByIdOf(bare().withGraphFetched('shop'))).to.equal(undefined);
    expect(findByIdOf(Product.query().findById([rice.id]))).to.equal(undefined);
    expect(findByIdOf(Product.query().findOne({ id: rice.id }))).to.equal(undefined);
  });

  it('still answers every other form of findById as Objection does', async () => {
    const forms: Array<() => QueryBuilder<Model, unknown>> = [
      () => Product.query().findById(rice.id).select('name'),
      () => Product.query().findById(rice.id).alias('p'),
      () => Product.query().findById(rice.id).where('price', '>', 100),
    ];
    for (const build of forms) {
      expect(JSON.stringify(await build())).to.equal(JSON.stringify(await throughObjection(build)));
    }
  });

  it('sends SQL compiled once per table, so that reads of several tables and ids keep apart', async () => {
    const missing = rice.id + 1000;
    const { result, queries } = await recordQueries(db.knex, async () => [
      await Product.query().findById(rice.id),
      await Shop.query().findById(rice.shop_id),
      await Product.query().findById(beans.id),
      await Shop.query().findById(missing),
    ]);

    expect(result.map((row) => row && [row.constructor.name, row.name])).to.deep.equal([
      ['Product', 'Rice'],
      ['Shop', 'Green Grocer'],
      ['Product', 'Beans'],
      undefined,
    ]);
    expect(queries.map(({ model, bindings }) => [model, bindings[0]])).to.deep.equal([
      ['Product', rice.id],
      ['Shop', rice.shop_id],
      ['Product', beans.id],
      ['Shop', missing],
    ]);
  });

  it('answers through a postProcessResponse as Objection does, by the query builder', async () => {
    // A raw statement would hand the hook the driver's whole answer instead of its rows.
    const shouting: Knex = knexFactory({
      ...(db.knex.client as { config: Knex.Config }).config,
      postProcessResponse: (result: unknown) =>
        Array.isArray(result)
          ? result.map((row: { name?: string }) => ({ ...row, name: row.name?.toUpperCase() }))
          : result,
    });
    try {
      const found = await Product.query(shouting).findById(rice.id);
      const objection = await throughObjection(() => Product.query(shouting).findById(rice.id));

      expect(found?.name).to.equal('RICE');
      expect(JSON.stringify(found)).to.equal(JSON.stringify(objection));
    } finally {
      await shouting.destroy();
    }
  });
});
