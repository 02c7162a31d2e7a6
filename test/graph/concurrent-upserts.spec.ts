import { expect } from 'chai';
import type { UpsertGraphOptions } from 'objection';
import { Deletion, recordQueries } from '../../lib';
import { Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';

// An option the set-based upsert leaves to Objection, with the value Objection uses anyway.
const THROUGH_OBJECTION: UpsertGraphOptions = { noUpdate: false };

const WRITERS = 24;

/** The products graph writer `writer` submits for a shop: three new products named after it. */
function productsOf(writer: number) {
  return [0, 1, 2].map((index) => ({ name: `w${writer}-${index}`, price: writer + 1 }));
}

/** Which writers' products a shop holds: exactly one graph is `[writer]`. */
async function writersIn(shopId: number): Promise<string[]> {
  const names = (await Shop.relatedQuery('products').for(shopId).orderBy('name')).map(
    (product) => product.name,
  );
  const writers = [...new Set(names.map((name) => name.split('-')[0]!))];
  expect(names, 'the shop holds whole graphs only').to.have.length(3 * writers.length);
  return writers;
}

// Concurrent graph upserts of one root, on the pool: each takes the root rows' locks first, so
// they run one after the other and the last one's graph is what remains.
describeEachDialect(
  'Graph upserts | concurrent upserts of one root run one after the other',
  (db) => {
    for (const [label, options] of [
      ['set-based', {}],
      ['through Objection', THROUGH_OBJECTION],
    ] as const) {
      it(`${WRITERS} concurrent upserts of a shop leave exactly one submitted graph (${label})`, async () => {
        const shop = await Shop.query().insertGraph({ name: 'Race', products: productsOf(99) });

        await Promise.all(
          Array.from({ length: WRITERS }, (_, writer) =>
            Shop.query().upsertGraph(
              { id: shop.id, name: `Race ${writer}`, products: productsOf(writer) },
              options,
            ),
          ),
        );

        const writers = await writersIn(shop.id);
        expect(writers).to.have.length(1);
        const final = await Shop.query().findById(shop.id).throwIfNotFound();
        expect(final.name).to.equal(`Race ${writers[0]!.slice(1)}`);
      });
    }

    it('upserts of overlapping roots given in opposite orders all succeed, one graph each', async () => {
      const [a, b] = await Shop.query().insertGraph([
        { name: 'A', products: productsOf(98) },
        { name: 'B', products: productsOf(99) },
      ]);

      await Promise.all(
        Array.from({ length: WRITERS }, (_, writer) => {
          const roots = [a!, b!].map((shop) => ({ id: shop.id, products: productsOf(writer) }));
          return Shop.query().upsertGraph(writer % 2 === 0 ? roots : roots.reverse());
        }),
      );

      const [inA, inB] = [await writersIn(a!.id), await writersIn(b!.id)];
      expect(inA).to.have.length(1);
      expect(inB).to.deep.equal(inA);
    });

    it('reads the roots locked, in id order, before any other row of the graph', async () => {
      const [a, b] = await Shop.query().insertGraph([{ name: 'A' }, { name: 'B' }]);

      const { queries } = await recordQueries(db.knex, () =>
        Shop.query().upsertGraph([
          { id: b!.id, products: [] },
          { id: a!.id, products: [] },
        ]),
      );

      const [, rootRead, childRead] = queries;
      expect(rootRead?.sql).to.match(
        /^select [`"]shops[`"]\.\* from .* order by [`"]shops[`"]\.[`"]id[`"]/,
      );
      expect(rootRead?.bindings).to.deep.equal([a!.id, b!.id]);
      expect(childRead?.sql).to.match(/from [`"]products[`"]/);
      if (db.dialect.name === 'postgres') expect(rootRead?.sql).to.match(/ for update$/);
    });

    // PostgreSQL only: it needs two connections at once.
    if (db.dialect.name === 'postgres') {
      it('an upsert dropping a child waits for a concurrent delete of that child: audited once', async () => {
        const shop = await Shop.query().insertGraph({
          name: 'Shared',
          products: [
            { name: 'keep', price: 1 },
            { name: 'drop', price: 1 },
          ],
        });
        const [keep, drop] = shop.products!;

        // The product's own delete holds its row lock while the upsert starts.
        const deleting = await db.knex.transaction();
        await Product.query(deleting).deleteById(drop!.id);
        const upsert = Shop.query().upsertGraph({ id: shop.id, products: [{ id: keep!.id }] });
        await new Promise((resolve) => setTimeout(resolve, 200));
        await deleting.commit();
        await upsert;

        const audited = await Deletion.query().where({ table_name: 'products', row_id: drop!.id });
        expect(audited).to.have.length(1);
        expect((await Product.query().where('shop_id', shop.id)).map((p) => p.name)).to.deep.equal([
          'keep',
        ]);
      });
    }

    it('reads the children it may update or delete locked, after the roots', async () => {
      const shop = await Shop.query().insertGraph({
        name: 'A',
        products: [{ name: 'x', price: 1 }],
      });

      const { queries } = await recordQueries(db.knex, () =>
        Shop.query().upsertGraph({ id: shop.id, products: [] }),
      );

      const childRead = queries.find((query) => /^select .* from [`"]products[`"]/.test(query.sql));
      if (db.dialect.name === 'postgres') expect(childRead?.sql).to.match(/ for update$/);
      else expect(childRead?.sql).to.not.match(/for update/);
    });
  },
);
