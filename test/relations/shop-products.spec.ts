import { expect } from 'chai';
import { Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { createGreenGrocer } from '../support/fixtures';

// Seed 000: a shop has many products; a product belongs to one shop.
describeEachDialect('Shop | HasMany products ↔ Product | BelongsToOne shop', () => {
  it('creates a shop with its products in one graph insert', async () => {
    const shop = await createGreenGrocer();

    const rows = await Product.query().where('shop_id', shop.id).orderBy('name');
    expect(rows.map((p) => [p.name, p.price])).to.deep.equal([
      ['Beans', 1.2],
      ['Rice', 2.5],
    ]);
  });

  it('reads shop.products eagerly with withGraphFetched', async () => {
    await createGreenGrocer();

    const shop = await Shop.query()
      .findOne({ name: 'Green Grocer' })
      .withGraphFetched('products(byName)')
      .modifiers({ byName: (query) => query.orderBy('name') });

    expect(shop?.products?.map((p) => p.name)).to.deep.equal(['Beans', 'Rice']);
  });

  it('queries shop.products dynamically with $relatedQuery', async () => {
    const shop = await createGreenGrocer();

    const rice = await shop.$relatedQuery('products').where('name', 'Rice').first();

    expect(rice).to.include({ name: 'Rice', price: 2.5, shop_id: shop.id });
  });

  it('reads product.shop', async () => {
    await createGreenGrocer();

    const rice = await Product.query().findOne({ name: 'Rice' }).withGraphFetched('shop');

    expect(rice?.shop?.name).to.equal('Green Grocer');
  });

  it('adds a product to a shop through the relation, which sets the foreign key', async () => {
    const shop = await createGreenGrocer();

    const lentils = await shop.$relatedQuery('products').insert({ name: 'Lentils', price: 3.1 });

    expect(lentils.shop_id).to.equal(shop.id);
    expect(await shop.$relatedQuery('products').resultSize()).to.equal(3);
  });
});
