import { expect } from 'chai';
import { BaseModel, RelationNotLoadedError } from '../../lib';
import { Model } from 'objection';
import { Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { createShopsAndOrders } from './fixtures';

// A codebase moving from Objection reads unloaded relations as `undefined`; `strictLoading =
// false` keeps that behaviour, on one model or on a base class for all of its models.
describeEachDialect('Strict loading | switched off for code moving from Objection', () => {
  it('a model with strictLoading = false reads an unloaded relation as undefined', async () => {
    class LenientShop extends Shop {
      static override strictLoading = false;
    }
    await createShopsAndOrders();

    const shop = await LenientShop.query().findOne({ name: 'Green Grocer' }).throwIfNotFound();

    expect(shop.products).to.equal(undefined);
    expect(shop.$isLoaded('products')).to.equal(false);
    await shop.$fetchGraph('products');
    expect(shop.products?.map((product) => product.name)).to.have.members(['Rice', 'Beans']);
  });

  it('strictLoading = false on a base class switches it off for the models extending it', async () => {
    class LenientBase extends BaseModel {
      static override strictLoading = false;
    }
    class LenientProduct extends LenientBase {
      static override tableName = 'products';
      declare shop?: Shop;
      static override relationMappings = () => ({
        shop: {
          relation: Model.BelongsToOneRelation,
          modelClass: Shop,
          join: { from: 'products.shop_id', to: 'shops.id' },
        },
      });
    }
    await createShopsAndOrders();

    const product = await LenientProduct.query().findOne({ name: 'Rice' }).throwIfNotFound();

    expect(product.shop).to.equal(undefined);
  });

  it('the models that keep it on still throw', async () => {
    class LenientShop extends Shop {
      static override strictLoading = false;
    }
    await createShopsAndOrders();
    await LenientShop.query().first();

    const shop = await Shop.query().findOne({ name: 'Green Grocer' }).throwIfNotFound();

    expect(() => shop.products).to.throw(RelationNotLoadedError);
  });
});
