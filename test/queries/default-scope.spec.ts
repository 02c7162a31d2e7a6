import { expect } from 'chai';
import type { AnyQueryBuilder } from 'objection';
import { type DeleteHook, findByIdJoined, hasMany, belongsToOne } from '../../lib';
import { Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';

// A default scope: every query Objection makes for a product leaves out the archived ones (a
// soft delete). Every path of the layer that reads products must leave them out too.
class ScopedProduct extends Product {
  static onCreateQuery(query: AnyQueryBuilder): void {
    query.whereNot(`${query.tableRefFor(ScopedProduct)}.name`, 'like', 'Archived%');
  }

  static override relationMappings = () => ({
    ...Product.relationMappings(),
    shop: belongsToOne(ScopedShop, {
      from: 'products.shop_id',
      to: 'shops.id',
      inverse: 'products',
    }),
  });
}

// Counts, without reading them, the product rows each cascade level hands its hooks.
const countedByHook: number[] = [];
const countRows: DeleteHook = {
  readsRows: false,
  async before({ rowsQuery }) {
    const [row] = (await rowsQuery().count({ count: '*' })) as Array<{ count: unknown }>;
    countedByHook.push(Number(row?.count));
  },
};

class HookedScopedProduct extends ScopedProduct {
  static override deleteHooks = [countRows];

  static override relationMappings = () => ({
    ...Product.relationMappings(),
    shop: belongsToOne(HookedScopedShop, {
      from: 'products.shop_id',
      to: 'shops.id',
      inverse: 'products',
    }),
  });
}

class ScopedShop extends Shop {
  static override relationMappings = () => ({
    products: hasMany(ScopedProduct, {
      from: 'shops.id',
      to: 'products.shop_id',
      inverse: 'shop',
      onDelete: 'cascade',
    }),
  });
}

class HookedScopedShop extends Shop {
  static override relationMappings = () => ({
    products: hasMany(HookedScopedProduct, {
      from: 'shops.id',
      to: 'products.shop_id',
      inverse: 'shop',
      onDelete: 'cascade',
    }),
  });
}

describeEachDialect('Queries | a default scope (onCreateQuery) holds on every path', () => {
  let shopId: number;
  let riceId: number;
  let archivedId: number;

  beforeEach(async () => {
    const shop = await Shop.query().insertGraph({
      name: 'Green Grocer',
      products: [
        { name: 'Rice', price: 2.5 },
        { name: 'Archived Beans', price: 1.2 },
      ],
    });
    shopId = shop.id;
    riceId = shop.products!.find(({ name }) => name === 'Rice')!.id;
    archivedId = shop.products!.find(({ name }) => name === 'Archived Beans')!.id;
    countedByHook.length = 0;
  });

  const namesOf = (products: readonly Product[] | undefined) =>
    (products ?? []).map(({ name }) => name).sort();

  it('a plain read leaves the archived rows out', async () => {
    expect(namesOf(await ScopedProduct.query())).to.deep.equal(['Rice']);
  });

  it('findById of an archived row finds nothing', async () => {
    expect(await ScopedProduct.query().findById(archivedId)).to.equal(undefined);
    expect((await ScopedProduct.query().findById(riceId))?.name).to.equal('Rice');
  });

  it('eager loading leaves the archived rows out', async () => {
    const [shop] = await ScopedShop.query().withGraphFetched('products');
    expect(namesOf(shop!.products)).to.deep.equal(['Rice']);
  });

  it('the joined read leaves the archived rows out, on its first read and after', async () => {
    for (let read = 0; read < 2; read++) {
      const shop = (await findByIdJoined(ScopedShop, Shop.knex(), shopId, {
        products: {},
      })) as ScopedShop | undefined;
      expect(namesOf(shop?.products)).to.deep.equal(['Rice']);
    }
  });

  it('an upsert treats archived rows as no current children: they are kept', async () => {
    await ScopedShop.query().upsertGraph({
      id: shopId,
      products: [{ id: riceId, name: 'Rice', price: 3 }],
    });
    const rows = await Product.query().orderBy('id');
    expect(rows.map(({ name, price }) => [name, Number(price)])).to.deep.equal([
      ['Rice', 3],
      ['Archived Beans', 1.2],
    ]);
  });

  it('a delete through the scope deletes only the rows in it', async () => {
    const deleted = await ScopedProduct.query().delete();
    expect(deleted).to.equal(1);
    expect(namesOf(await Product.query())).to.deep.equal(['Archived Beans']);
  });

  it('a cascade level hands its hooks only the rows in the scope', async () => {
    await HookedScopedShop.query().deleteById(shopId);
    expect(countedByHook).to.deep.equal([1]);
    // The database's own ON DELETE CASCADE removes the rows outside the scope.
    expect(await Product.query()).to.deep.equal([]);
  });
});
