import { expect } from 'chai';
import type { Knex } from 'knex';
import { limitPerParent, ReadOnlyRelationError, recordQueries } from '../../lib';
import type { Product } from '../../models';
import { Customer, Shop } from '../../models';
import { describeEachDialect } from '../support/database';

/** `customer id -> product names` as the hand-written join gives them, one row per order item. */
async function handWrittenJoin(knex: Knex, limit?: number): Promise<Record<number, string[]>> {
  const rows: Array<{ customer_id: number; name: string }> = await knex('customers')
    .join('orders', 'orders.customer_id', 'customers.id')
    .join('order_items', 'order_items.order_id', 'orders.id')
    .join('products', 'products.id', 'order_items.product_id')
    .select('customers.id as customer_id', 'products.name')
    .orderBy(['customers.id', 'products.id']);
  const byCustomer: Record<number, string[]> = {};
  for (const { customer_id, name } of rows) {
    const names = (byCustomer[customer_id] ??= []);
    if (limit === undefined || names.length < limit) names.push(name);
  }
  return byCustomer;
}

function namesOf(products: readonly Product[] | undefined): string[] {
  return [...(products ?? [])].sort((a, b) => a.id - b.id).map((product) => product.name);
}

describeEachDialect('Relations | Customer.purchasedProducts (has-many-through)', (db) => {
  let ada: Customer;

  beforeEach(async () => {
    const [shop] = await Shop.query().insertGraph([
      {
        name: 'Spice Market',
        products: [
          { name: 'Pepper', price: 2 },
          { name: 'Saffron', price: 9.5 },
          { name: 'Cumin', price: 1.25 },
        ],
      },
    ]);
    const [pepper, saffron, cumin] = shop!.products!;
    const item = (product: Product, quantity: number) => ({
      id: product.id,
      quantity,
      unit_price: product.price,
    });
    // Ada buys Pepper twice, on two orders; Grace buys once; Linus has no orders.
    const customers = await Customer.query().insertGraph(
      [
        {
          name: 'Ada',
          orders: [
            { order_number: 'A-1', products: [item(pepper!, 1), item(saffron!, 2)] },
            { order_number: 'A-2', products: [item(pepper!, 3)] },
          ],
        },
        { name: 'Grace', orders: [{ order_number: 'G-1', products: [item(cumin!, 1)] }] },
        { name: 'Linus' },
      ],
      { relate: true },
    );
    ada = customers[0]!;
  });

  it('eager loads every customer’s products in one statement, equal to the hand-written join', async () => {
    const { result: customers, queries } = await recordQueries(db.knex, () =>
      Customer.query().withGraphFetched('purchasedProducts').orderBy('id'),
    );

    expect(queries).to.have.length(2);
    const expected = await handWrittenJoin(db.knex);
    expect(
      Object.fromEntries(customers.map((c) => [c.id, namesOf(c.purchasedProducts)])),
    ).to.deep.equal({
      ...Object.fromEntries(customers.map((c) => [c.id, []])),
      ...expected,
    });
  });

  it('returns a product bought on two orders twice, as Rails does without distinct', async () => {
    const customer = await Customer.query().findById(ada.id).withGraphFetched('purchasedProducts');

    expect(namesOf(customer!.purchasedProducts)).to.deep.equal(['Pepper', 'Pepper', 'Saffron']);
  });

  it('reads through $relatedQuery and relatedQuery().for(), equal to the hand-written join', async () => {
    const expected = (await handWrittenJoin(db.knex))[ada.id];

    const related = await ada.$relatedQuery('purchasedProducts');
    const forIds = await Customer.relatedQuery('purchasedProducts').for(ada.id);

    expect(namesOf(related)).to.deep.equal(expected);
    expect(namesOf(forIds)).to.deep.equal(expected);
    expect(Object.keys(related[0]!)).to.not.include('objectiontmpjoin0');
  });

  it('keeps every customer’s first products with limitPerParent, in one statement', async () => {
    const { result: customers, queries } = await recordQueries(db.knex, () =>
      Customer.query()
        .withGraphFetched('purchasedProducts(firstTwo)')
        .modifiers({ firstTwo: limitPerParent(2) })
        .orderBy('id'),
    );

    expect(queries).to.have.length(2);
    const expected = await handWrittenJoin(db.knex, 2);
    for (const customer of customers) {
      expect(namesOf(customer.purchasedProducts)).to.deep.equal(expected[customer.id] ?? []);
    }
  });

  it('nests further relations under the products', async () => {
    const customer = await Customer.query()
      .findById(ada.id)
      .withGraphFetched('purchasedProducts.shop');

    expect(customer!.purchasedProducts!.map((product) => product.shop?.name)).to.deep.equal([
      'Spice Market',
      'Spice Market',
      'Spice Market',
    ]);
  });

  describe('writes through it are refused, and nothing is written', () => {
    async function counts() {
      const tables = ['customers', 'orders', 'order_items', 'products'];
      return Promise.all(
        tables.map(async (table) => (await db.knex(table).count({ n: '*' }))[0]!.n),
      );
    }

    const writes: Array<[string, () => PromiseLike<unknown>]> = [
      [
        'insert',
        () => ada.$relatedQuery('purchasedProducts').insert({ name: 'Mace', price: 3, shop_id: 1 }),
      ],
      ['relate', () => ada.$relatedQuery('purchasedProducts').relate(1)],
      ['unrelate', () => ada.$relatedQuery('purchasedProducts').unrelate()],
      ['patch', () => ada.$relatedQuery('purchasedProducts').patch({ price: 0 })],
      ['delete', () => ada.$relatedQuery('purchasedProducts').delete()],
      [
        'insertGraph',
        () =>
          Customer.query().insertGraph({
            name: 'Mallory',
            purchasedProducts: [{ name: 'Mace', price: 3, shop_id: 1 }],
          } as never),
      ],
      [
        'upsertGraph',
        () =>
          Customer.query().upsertGraph({ id: ada.id, name: 'Ada', purchasedProducts: [] } as never),
      ],
    ];

    for (const [write, run] of writes) {
      it(`refuses ${write}`, async () => {
        const before = await counts();
        const prices = await db.knex('products').select('price').orderBy('id');

        const error = await Promise.resolve()
          .then(run)
          .then(
            () => undefined,
            (failure: unknown) => failure,
          );

        expect(error).to.be.instanceOf(ReadOnlyRelationError);
        expect((error as ReadOnlyRelationError).relationName).to.equal(
          'Customer.purchasedProducts',
        );
        expect(await counts()).to.deep.equal(before);
        expect(await db.knex('products').select('price').orderBy('id')).to.deep.equal(prices);
      });
    }
  });
});
