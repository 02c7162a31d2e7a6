import { expect } from 'chai';
import { InvalidRelationError, RelationNotLoadedError } from '../../lib';
import { Order, Product, Shop, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { countQueries } from '../support/queries';
import { createShopsAndOrders } from './fixtures';

function readingFails(read: () => unknown): RelationNotLoadedError {
  try {
    read();
  } catch (error) {
    expect(error).to.be.instanceOf(RelationNotLoadedError);
    return error as RelationNotLoadedError;
  }
  throw new Error('the read was expected to throw RelationNotLoadedError');
}

// Strict loading (SQLAlchemy's lazy='raise', Rails' strict_loading): a relation that was never
// loaded cannot be read by mistake as if it were empty.
describeEachDialect('Strict loading | reading unloaded relations', (db) => {
  it('reading a relation that was never loaded throws, naming the model, the relation and how to load it', async () => {
    await createShopsAndOrders();
    const shop = await Shop.query().findOne({ name: 'Green Grocer' });

    const error = readingFails(() => shop!.products);

    expect(error).to.include({
      code: 'RELATION_NOT_LOADED',
      statusCode: 500,
      model: 'Shop',
      relation: 'products',
    });
    expect(error.message).to.equal(
      "Shop.products was not loaded: load it with withGraphFetched('products'), " +
        "$fetchGraph('products') or $relatedQuery('products') before reading it",
    );
  });

  it('every kind of relation is strict: HasMany, HasOne, BelongsToOne and ManyToMany', async () => {
    const { rice } = await createShopsAndOrders();
    await User.query().insert({ name: 'John' });

    const product = await Product.query().findById(rice.id);
    const user = await User.query().findOne({ name: 'John' });
    const order = await Order.query().findOne({ order_number: 'ORD-1' });

    expect(readingFails(() => product!.shop).relation).to.equal('shop');
    expect(readingFails(() => product!.orders).relation).to.equal('orders');
    expect(readingFails(() => user!.profile).relation).to.equal('profile');
    expect(readingFails(() => user!.posts).relation).to.equal('posts');
    expect(readingFails(() => order!.customer).model).to.equal('Order');
  });

  it('a loaded empty HasMany reads [] and a loaded missing HasOne or BelongsToOne reads null', async () => {
    await createShopsAndOrders();
    await User.query().insert({ name: 'John' });
    await Order.query().insert({ order_number: 'GUEST-1' });

    const bakery = await Shop.query()
      .findOne({ name: 'Corner Bakery' })
      .withGraphFetched('products');
    const john = await User.query().findOne({ name: 'John' }).withGraphFetched('[profile, posts]');
    const guest = await Order.query()
      .findOne({ order_number: 'GUEST-1' })
      .withGraphFetched('[customer, products]');

    expect(bakery!.products).to.deep.equal([]);
    expect(john!.profile).to.equal(null);
    expect(john!.posts).to.deep.equal([]);
    expect(guest!.customer).to.equal(null);
    expect(guest!.products).to.deep.equal([]);
  });

  it('$isLoaded tells a loaded relation from an unloaded one without throwing', async () => {
    await createShopsAndOrders();

    const plain = await Shop.query().findOne({ name: 'Corner Bakery' });
    const loaded = await Shop.query()
      .findOne({ name: 'Corner Bakery' })
      .withGraphFetched('products');

    expect(plain!.$isLoaded('products')).to.equal(false);
    expect(loaded!.$isLoaded('products')).to.equal(true);
    expect(Object.hasOwn(loaded!, 'products')).to.equal(true);
  });

  it('$isLoaded refuses a name that is not a relation', async () => {
    const shop = Shop.fromJson({ name: 'Green Grocer' });

    const ask = () => (shop.$isLoaded as (relation: string) => boolean)('name');

    expect(ask).to.throw(InvalidRelationError, 'Shop has no relation "name"');
  });

  it('deleting a loaded relation unloads it again', async () => {
    const shop = Shop.fromJson({ name: 'Green Grocer', products: [] });

    delete shop.products;

    expect(shop.$isLoaded('products')).to.equal(false);
    readingFails(() => shop.products);
  });

  it('toJSON, $toJson and JSON.stringify leave unloaded relations out, keep loaded ones, and never throw', async () => {
    await createShopsAndOrders();
    const product = await Product.query().findOne({ name: 'Rice' }).withGraphFetched('shop');

    const json = product!.toJSON();

    expect(json).to.have.property('shop').that.includes({ name: 'Green Grocer' });
    expect(json).not.to.have.property('orders');
    expect(json.shop).not.to.have.property('products');
    expect(product!.$toJson()).to.deep.equal(json);
    expect(JSON.parse(JSON.stringify(product))).to.deep.equal(json);
  });

  it('$relatedQuery works on an instance whose relations are unloaded, and leaves them unloaded', async () => {
    await createShopsAndOrders();
    const shop = await Shop.query().findOne({ name: 'Green Grocer' });

    const names = (await shop!.$relatedQuery('products').orderBy('name')).map((p) => p.name);
    await shop!.$relatedQuery('products').insert({ name: 'Lentils', price: 3.1 });

    expect(names).to.deep.equal(['Beans', 'Rice']);
    expect(shop!.$isLoaded('products')).to.equal(false);
  });

  it('reads stay strict while another query is running', async () => {
    await createShopsAndOrders();
    const shop = await Shop.query().findOne({ name: 'Green Grocer' });

    let readDuringQuery: unknown;
    const queries = await countQueries(db.knex, async () => {
      const running = Shop.query()
        .withGraphFetched('products.orders')
        .then((shops) => shops);
      // Let the query start: its statements are in flight while this code reads.
      await new Promise((resolve) => setImmediate(resolve));
      readDuringQuery = (() => {
        try {
          return shop!.products;
        } catch (error) {
          return error;
        }
      })();
      await running;
    });

    expect(queries).to.equal(3);
    expect(readDuringQuery).to.be.instanceOf(RelationNotLoadedError);
  });
});
