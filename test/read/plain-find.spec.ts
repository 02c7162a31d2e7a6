import { expect } from 'chai';
import { type Model, QueryBuilder } from 'objection';
import { NotFoundError, recordQueries } from '../../lib';
import { isPlainFind } from '../../lib/read/plain-find';
import { Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';

// Plain reads (no find hooks, no eager loading, no runAfter) are the ones a bare findById may
// skip Objection's pipeline for (read/find-by-id.ts); the others go through it. Either way the
// caller gets what Objection would return.
describeEachDialect('Reads | plain reads return what Objection returns', (db) => {
  beforeEach(async () => {
    await Shop.query().insertGraph([
      {
        name: 'Green Grocer',
        products: [
          { name: 'Rice', price: 2.5 },
          { name: 'Beans', price: 1.2 },
        ],
      },
      { name: 'Corner Bakery', products: [{ name: 'Bread', price: 3 }] },
    ]);
  });

  /** The same query run by the layer and by Objection's own execute. */
  async function bothWays(build: () => QueryBuilder<Model, unknown>) {
    const { result: layer, queries } = await recordQueries(db.knex, async () => build());
    const objection: unknown = await QueryBuilder.prototype.execute.call(build());
    return { layer, objection, queries };
  }

  const reads: Array<[string, () => QueryBuilder<Model, unknown>]> = [
    ['findById', () => Product.query().findById(2)],
    ['findById of a missing row', () => Product.query().findById(99)],
    ['findOne', () => Product.query().findOne({ name: 'Bread' })],
    [
      'where, orderBy and limit',
      () => Product.query().where('price', '>', 1).orderBy('name').limit(2),
    ],
    ['select of some columns', () => Product.query().select('id', 'name').orderBy('id')],
    ['first of an empty result', () => Product.query().where('name', 'Nothing').first()],
    ['a count', () => Product.query().count({ n: '*' })],
  ];

  for (const [name, build] of reads) {
    it(`${name}: the same models as Objection, in one statement`, async () => {
      const { layer, objection, queries } = await bothWays(build);

      expect(JSON.stringify(layer)).to.equal(JSON.stringify(objection));
      const [first] = [layer].flat();
      if (first !== undefined) expect(first).to.be.instanceOf(Product);
      expect(queries).to.have.length(1);
    });
  }

  it('recognises as plain only the reads that need nothing but their SQL', () => {
    class AuditedProduct extends Product {
      override $afterFind() {}
    }

    expect(reads.map(([, build]) => isPlainFind(build()))).to.deep.equal(reads.map(() => true));
    expect([
      isPlainFind(AuditedProduct.query().findById(1)),
      isPlainFind(Product.query().findById(1).throwIfNotFound()),
      isPlainFind(Shop.query().withGraphFetched('products')),
      isPlainFind(Product.query().runAfter((result) => result)),
      isPlainFind(Product.query().page(0, 10)),
      isPlainFind(Product.query().delete()),
      isPlainFind(
        Product.fromJson({ id: 1, shop_id: 1, name: 'Rice', price: 1 }).$relatedQuery('shop'),
      ),
      isPlainFind(Shop.fromJson({ id: 1, name: 'Green Grocer' }).$relatedQuery('products')),
      isPlainFind(Shop.fromJson({ id: 1, name: 'Green Grocer' }).$query()),
    ]).to.deep.equal([false, false, false, false, false, false, false, false, false]);
  });

  it('still runs $afterFind when a model defines it', async () => {
    const seen: number[] = [];
    class AuditedProduct extends Product {
      override $afterFind() {
        seen.push(this.id);
      }
    }

    await AuditedProduct.query().findById(3);

    expect(seen).to.deep.equal([3]);
  });

  it('keeps throwIfNotFound, eager loading and relation queries', async () => {
    const error = await Product.query()
      .findById(99)
      .throwIfNotFound()
      .catch((e: unknown) => e);
    const shop = await Shop.query().findById(1).withGraphFetched('products');
    const bread = await shop!.$relatedQuery('products').where('name', 'Rice').first();

    expect(error).to.be.instanceOf(NotFoundError);
    expect(shop!.products!.map((p) => p.name).sort()).to.deep.equal(['Beans', 'Rice']);
    expect(bread).to.include({ name: 'Rice', shop_id: 1 });
  });

  it('fails with the error Objection gives for a query the database refuses', async () => {
    const build = () => Product.query().where('no_such_column', 1);

    const layer = await build().catch((e: unknown) => e);
    const objection = await QueryBuilder.prototype.execute.call(build()).catch((e: unknown) => e);

    expect(layer).to.be.instanceOf(Error);
    expect((layer as Error).constructor).to.equal((objection as Error).constructor);
  });

  it('reads inside a transaction see its rows', async () => {
    await db.knex
      .transaction(async (trx) => {
        await Product.query(trx).insert({ shop_id: 2, name: 'Bagel', price: 1.5 });

        const bagel = await Product.query(trx).findOne({ name: 'Bagel' });

        expect(bagel).to.include({ shop_id: 2, price: 1.5 });
        await trx.rollback();
      })
      .catch(() => undefined);
    expect(await Product.query().findOne({ name: 'Bagel' })).to.equal(undefined);
  });
});
