import { expect } from 'chai';
import { DeleteRestrictedError, recordQueries } from '../../lib';
import { Order, Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';
import { shapesOf } from '../support/statements';

// restrict: a row others depend on is not deleted, and neither is anything else.
describeEachDialect('Delete policies | restrict', (db) => {
  /** Three shops; Rice and Beans of the first and Bread of the second were ordered. */
  async function shopsWithOrders() {
    const [grocer, bakery, tech] = await Shop.query().insertGraph([
      {
        name: 'Green Grocer',
        products: [
          { name: 'Rice', price: 2.5 },
          { name: 'Beans', price: 1.2 },
          { name: 'Lentils', price: 3.1 },
        ],
      },
      { name: 'Corner Bakery', products: [{ name: 'Bread', price: 3 }] },
      { name: 'Tech Hub', products: [{ name: 'Mouse', price: 19.99 }] },
    ]);
    const [rice, beans] = grocer!.products!;
    const [bread] = bakery!.products!;
    const item = (product: Product, quantity: number) => ({
      id: product.id,
      quantity,
      unit_price: product.price,
    });
    await Order.query().insertGraph(
      [
        { order_number: 'ORD-1', products: [item(rice!, 2), item(beans!, 1)] },
        { order_number: 'ORD-2', products: [item(rice!, 5), item(bread!, 1)] },
      ],
      { relate: ['products'] },
    );
    return { grocer: grocer!, bakery: bakery!, tech: tech!, rice: rice! };
  }

  /** The refusal of `write`, once it is shown that no write statement was even sent. */
  async function refusal(write: () => PromiseLike<unknown>): Promise<DeleteRestrictedError> {
    const before = await snapshotDatabase(db.knex);
    const { result: error, queries } = await recordQueries(db.knex, () =>
      Promise.resolve(write()).then(
        () => expect.fail('the delete was expected to be refused'),
        (e: unknown) => e,
      ),
    );
    expect(error).to.be.instanceOf(DeleteRestrictedError);
    expect(shapesOf(queries).filter((shape) => /^(delete|update|insert)/.test(shape))).to.eql([]);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    return error as DeleteRestrictedError;
  }

  it('refuses a shop whose products were ordered, as a whole, naming the relation path', async () => {
    const { grocer } = await shopsWithOrders();

    const error = await refusal(() => Shop.query().deleteById(grocer.id));

    expect(error).to.include({
      code: 'DELETE_RESTRICTED',
      statusCode: 409,
      model: 'Shop',
      relation: 'products.orders',
      dependentCount: 3,
    });
    expect(error.message).to.equal(
      'Cannot delete Shop: 3 row(s) in its relation "products.orders" depend on it',
    );
  });

  it('refuses a query-level delete if any shop it targets is restricted, deleting none of them', async () => {
    await shopsWithOrders();

    const error = await refusal(() =>
      Shop.query().delete().whereIn('name', ['Tech Hub', 'Corner Bakery']),
    );

    expect(error).to.include({ relation: 'products.orders', dependentCount: 1 });
  });

  it('refuses through the instance and through a relation query alike', async () => {
    const { grocer, rice } = await shopsWithOrders();

    const viaInstance = await refusal(() => rice.$query().delete());
    const viaRelation = await refusal(() => grocer.$relatedQuery('products').delete());

    expect(viaInstance).to.include({ model: 'Product', relation: 'orders', dependentCount: 2 });
    expect(viaRelation).to.include({ model: 'Product', relation: 'orders', dependentCount: 3 });
  });

  it('deletes a shop whose products were never ordered, with its products', async () => {
    const { tech } = await shopsWithOrders();

    await tech.$query().delete();

    expect(await Shop.query().findById(tech.id)).to.equal(undefined);
    expect(await Product.query().where('name', 'Mouse').resultSize()).to.equal(0);
    expect(await Product.query().resultSize()).to.equal(4);
  });

  it('checks a restriction two levels down with one COUNT, however many products', async () => {
    const { grocer } = await shopsWithOrders();
    const products = Array.from({ length: 300 }, (_, i) => ({ name: `Item ${i}`, price: 1 }));
    const warehouse = await Shop.query().insertGraph({ name: 'Warehouse', products });

    const few = await recordQueries(db.knex, () =>
      Shop.query()
        .deleteById(grocer.id)
        .catch(() => undefined),
    );
    const many = await recordQueries(db.knex, () =>
      Shop.query()
        .deleteById(warehouse.id)
        .then(() => undefined),
    );

    // Refused: the shop's ids, the order items of its products counted, nothing written.
    expect(shapesOf(few.queries)).to.deep.equal([
      'begin',
      'select shops',
      'select order_items',
      'rollback',
    ]);
    // Allowed: the same reads, then the audit and the deletes, one statement per level.
    expect(shapesOf(many.queries)).to.deep.equal([
      'begin',
      'select shops',
      'select order_items',
      'insert deletions',
      'insert deletions',
      // The products' comments (polymorphic, cascade): audited and deleted in SQL.
      'insert deletions',
      'delete comments',
      'delete products',
      'delete shops',
      'commit',
    ]);
    expect(await Product.query().where('shop_id', warehouse.id).resultSize()).to.equal(0);
  });
});
