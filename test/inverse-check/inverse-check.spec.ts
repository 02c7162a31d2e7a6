import { expect } from 'chai';
import { Model, type RelationMappings } from 'objection';
import {
  BaseModel,
  belongsToOne,
  checkInverses,
  hasMany,
  hasOne,
  InverseMismatchError,
  manyToMany,
} from '../../lib';
import { allModels } from '../../models';
import { describeEachDialect } from '../support/database';
import { countQueries, snapshotDatabase } from '../support/queries';

/**
 * A test-only pair on the real `shops` and `products` tables, declared fresh for each test so
 * that no test sees another's check: `shopSide` and `productSide` build the two relations.
 */
function shopsAndProducts(
  shopSide: (product: typeof BaseModel) => RelationMappings,
  productSide: (shop: typeof BaseModel) => RelationMappings,
) {
  class TestShop extends BaseModel {
    static override tableName = 'shops';
    declare name: string;
    static override relationMappings = () => shopSide(TestProduct);
  }
  class TestProduct extends BaseModel {
    static override tableName = 'products';
    static override relationMappings = () => productSide(TestShop);
  }
  return { TestShop, TestProduct };
}

const SHOP_TO_PRODUCTS = { from: 'shops.id', to: 'products.shop_id' };
const PRODUCT_TO_SHOP = { from: 'products.shop_id', to: 'shops.id' };

function mismatchOf(use: () => unknown): InverseMismatchError {
  try {
    use();
  } catch (error) {
    expect(error).to.be.instanceOf(InverseMismatchError);
    return error as InverseMismatchError;
  }
  throw new Error('expected an InverseMismatchError');
}

// A relation may name its inverse (SQLAlchemy's back_populates, Rails' inverse_of); the layer
// checks, once, when the models are first used, that the two ends describe the same link. A
// relation that names none is left unchecked, as Objection leaves every relation.
describeEachDialect('Checked inverses | both ends of a relation agree', (db) => {
  it('every model of the domain passes the check', () => {
    for (const model of allModels) expect(() => checkInverses(model), model.name).not.to.throw();
  });

  it('refuses the first query of a broken pair, naming both sides, and sends nothing', async () => {
    const { TestShop } = shopsAndProducts(
      (product) => ({ products: hasMany(product, { ...SHOP_TO_PRODUCTS, inverse: 'shop' }) }),
      (shop) => ({ shop: belongsToOne(shop, { ...PRODUCT_TO_SHOP, inverse: 'items' }) }),
    );
    const before = await snapshotDatabase(db.knex);

    let error: unknown;
    const queries = await countQueries(db.knex, async () => {
      try {
        await TestShop.query().insert({ name: 'Green Grocer' });
      } catch (thrown) {
        error = thrown;
      }
    });

    expect(error).to.be.instanceOf(InverseMismatchError);
    expect(error).to.include({
      code: 'INVERSE_MISMATCH',
      statusCode: 500,
      relation: 'TestShop.products',
      inverse: 'TestProduct.shop',
      message:
        'TestShop.products names TestProduct.shop as its inverse, but TestProduct.shop names TestShop.items',
    });
    expect(queries).to.equal(0);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('checks a model on its first query only', async () => {
    const { TestShop } = shopsAndProducts(
      (product) => ({ products: hasMany(product, { ...SHOP_TO_PRODUCTS, inverse: 'shop' }) }),
      (shop) => ({ shop: belongsToOne(shop, { ...PRODUCT_TO_SHOP, inverse: 'products' }) }),
    );
    let relationReads = 0;
    const getRelations = TestShop.getRelations.bind(TestShop);
    TestShop.getRelations = () => {
      relationReads += 1;
      return getRelations();
    };

    await TestShop.query();
    const readsByFirstQuery = relationReads;
    await TestShop.query();
    await TestShop.query().where('name', 'Green Grocer');

    expect(readsByFirstQuery).to.be.greaterThan(0);
    expect(relationReads).to.equal(readsByFirstQuery);
  });

  it('keeps refusing a broken pair on every later query', () => {
    const { TestShop } = shopsAndProducts(
      (product) => ({ products: hasMany(product, { ...SHOP_TO_PRODUCTS, inverse: 'shop' }) }),
      (shop) => ({ shop: belongsToOne(shop, { ...PRODUCT_TO_SHOP, inverse: 'items' }) }),
    );

    mismatchOf(() => TestShop.query());

    expect(mismatchOf(() => TestShop.query()).relation).to.equal('TestShop.products');
  });

  it('refuses a broken pair from the other side and from any model that reaches it', () => {
    class TestCustomer extends BaseModel {
      static override tableName = 'customers';
      static override relationMappings = () => ({
        orders: hasMany(TestOrder, {
          from: 'customers.id',
          to: 'orders.customer_id',
          inverse: 'customer',
        }),
      });
    }
    class TestOrder extends BaseModel {
      static override tableName = 'orders';
      static override relationMappings = () => ({
        customer: belongsToOne(TestCustomer, {
          from: 'orders.customer_id',
          to: 'customers.id',
          inverse: 'orders',
        }),
        products: manyToMany(TestProduct, {
          from: 'orders.id',
          through: { from: 'order_items.order_id', to: 'order_items.product_id' },
          to: 'products.id',
          inverse: 'orders',
        }),
      });
    }
    class TestProduct extends BaseModel {
      static override tableName = 'products';
      static override relationMappings = () => ({
        orders: manyToMany(TestOrder, {
          from: 'products.id',
          through: { from: 'order_items.product_id', to: 'order_items.order_id' },
          to: 'orders.id',
          inverse: 'lines',
        }),
      });
    }

    const error = mismatchOf(() => TestCustomer.query());

    expect(error.message).to.equal(
      'TestOrder.products names TestProduct.orders as its inverse, but TestProduct.orders names TestOrder.lines',
    );
  });

  it('refuses an inverse that does not exist on the target', () => {
    const { TestShop } = shopsAndProducts(
      (product) => ({ products: hasMany(product, { ...SHOP_TO_PRODUCTS, inverse: 'store' }) }),
      (shop) => ({ shop: belongsToOne(shop, { ...PRODUCT_TO_SHOP, inverse: 'products' }) }),
    );

    expect(mismatchOf(() => TestShop.query()).message).to.equal(
      'TestShop.products names TestProduct.store as its inverse, but TestProduct has no relation store',
    );
  });

  it('refuses an inverse that points at another model', () => {
    const { TestShop } = shopsAndProducts(
      (product) => ({ products: hasMany(product, { ...SHOP_TO_PRODUCTS, inverse: 'shop' }) }),
      () => ({ shop: belongsToOne(OtherShop, { ...PRODUCT_TO_SHOP, inverse: 'products' }) }),
    );
    class OtherShop extends BaseModel {
      static override tableName = 'shops';
    }

    expect(mismatchOf(() => TestShop.query()).message).to.equal(
      'TestShop.products names TestProduct.shop as its inverse, but TestProduct.shop names OtherShop.products',
    );
  });

  it('accepts relations that name no inverse, as Objection does, and loads them', async () => {
    const { TestShop } = shopsAndProducts(
      (product) => ({
        products: { relation: Model.HasManyRelation, modelClass: product, join: SHOP_TO_PRODUCTS },
      }),
      (shop) => ({
        shop: { relation: Model.BelongsToOneRelation, modelClass: shop, join: PRODUCT_TO_SHOP },
      }),
    );
    const [{ id }] = await db.knex('shops').insert({ name: 'Green Grocer' }).returning('id');
    await db.knex('products').insert({ shop_id: id as number, name: 'Rice', price: 2.5 });

    const [shop] = await TestShop.query().withGraphFetched('products.shop');

    const json = JSON.parse(JSON.stringify(shop)) as {
      name: string;
      products: Array<{ name: string; shop: { name: string } }>;
    };
    expect(json.products.map((product) => [product.name, product.shop.name])).to.deep.equal([
      ['Rice', 'Green Grocer'],
    ]);
    expect(await shop!.$relatedQuery('products').resultSize()).to.equal(1);
  });

  it('holds a relation that names an inverse to it, even when the inverse names none back', () => {
    const { TestShop } = shopsAndProducts(
      (product) => ({
        products: { relation: Model.HasManyRelation, modelClass: product, join: SHOP_TO_PRODUCTS },
      }),
      (shop) => ({ shop: belongsToOne(shop, { ...PRODUCT_TO_SHOP, inverse: 'products' }) }),
    );

    const error = mismatchOf(() => TestShop.query());

    expect(error).to.include({ relation: 'TestProduct.shop', inverse: 'TestShop.products' });
    expect(error.message).to.equal(
      'TestProduct.shop names TestShop.products as its inverse, but TestShop.products names no inverse',
    );
  });

  it('refuses two sides that join on different columns', () => {
    const { TestShop } = shopsAndProducts(
      (product) => ({ products: hasMany(product, { ...SHOP_TO_PRODUCTS, inverse: 'shop' }) }),
      (shop) => ({
        shop: belongsToOne(shop, { from: 'products.id', to: 'shops.id', inverse: 'products' }),
      }),
    );

    expect(mismatchOf(() => TestShop.query()).message).to.equal(
      'TestShop.products joins shops.id = products.shop_id, but its inverse TestProduct.shop ' +
        'joins products.id = shops.id: the two must join on the same columns',
    );
  });

  it('refuses a many-to-many pair whose join-table ends are not swapped', () => {
    class TestPost extends BaseModel {
      static override tableName = 'posts';
      static override relationMappings = () => ({
        tags: manyToMany(TestTag, {
          from: 'posts.id',
          through: { from: 'post_tags.post_id', to: 'post_tags.tag_id' },
          to: 'tags.id',
          inverse: 'posts',
        }),
      });
    }
    class TestTag extends BaseModel {
      static override tableName = 'tags';
      static override relationMappings = () => ({
        posts: manyToMany(TestPost, {
          from: 'tags.id',
          through: { from: 'post_tags.post_id', to: 'post_tags.tag_id' },
          to: 'posts.id',
          inverse: 'tags',
        }),
      });
    }

    expect(mismatchOf(() => TestPost.query()).message).to.equal(
      'TestPost.tags joins posts.id = post_tags.post_id, post_tags.tag_id = tags.id, but its ' +
        'inverse TestTag.posts joins tags.id = post_tags.post_id, post_tags.tag_id = posts.id: ' +
        'the two must join on the same columns',
    );
  });

  it('refuses a HasMany whose inverse is not a BelongsToOne', () => {
    const { TestShop } = shopsAndProducts(
      (product) => ({ products: hasMany(product, { ...SHOP_TO_PRODUCTS, inverse: 'shop' }) }),
      (shop) => ({ shop: hasMany(shop, { ...PRODUCT_TO_SHOP, inverse: 'products' }) }),
    );

    expect(mismatchOf(() => TestShop.query()).message).to.equal(
      'TestShop.products is HasMany, so its inverse TestProduct.shop must be BelongsToOne, but it is HasMany',
    );
  });

  it('refuses a BelongsToOne whose inverse is a ManyToMany', () => {
    const { TestProduct } = shopsAndProducts(
      (product) => ({
        products: manyToMany(product, {
          from: 'shops.id',
          through: { from: 'order_items.order_id', to: 'order_items.product_id' },
          to: 'products.id',
          inverse: 'shop',
        }),
      }),
      (shop) => ({ shop: belongsToOne(shop, { ...PRODUCT_TO_SHOP, inverse: 'products' }) }),
    );

    expect(mismatchOf(() => TestProduct.query()).message).to.equal(
      'TestProduct.shop is BelongsToOne, so its inverse TestShop.products must be HasMany or ' +
        'HasOne, but it is ManyToMany',
    );
  });

  it('accepts a HasOne paired with a BelongsToOne, and queries run', async () => {
    const { TestShop } = shopsAndProducts(
      (product) => ({ product: hasOne(product, { ...SHOP_TO_PRODUCTS, inverse: 'shop' }) }),
      (shop) => ({ shop: belongsToOne(shop, { ...PRODUCT_TO_SHOP, inverse: 'product' }) }),
    );

    await TestShop.query().insertGraph({ name: 'Corner Bakery' });

    expect(await TestShop.query().resultSize()).to.equal(1);
  });
});
