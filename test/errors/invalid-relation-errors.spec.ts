import { expect } from 'chai';
import { InvalidRelationError } from '../../lib';
import { Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { expectCleanMessage } from './clean-message';

// A relation expression that names an unknown relation, or one not allowed, is the caller's
// mistake (400), whichever eager method reads it.
describeEachDialect('Errors | invalid relation expressions', () => {
  beforeEach(async () => {
    await Shop.query().insertGraph({
      name: 'Green Grocer',
      products: [{ name: 'Rice', price: 2.5 }],
    });
  });

  async function invalidRelation(query: () => PromiseLike<unknown>): Promise<InvalidRelationError> {
    // A malformed expression throws as soon as it is given; the others reject when run.
    const error = await Promise.resolve()
      .then(query)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).to.be.instanceOf(InvalidRelationError);
    expect(error).to.include({ code: 'INVALID_RELATION', statusCode: 400 });
    expect((error as Error).cause).to.be.instanceOf(Error);
    expectCleanMessage(error);
    return error as InvalidRelationError;
  }

  const UNKNOWN: Array<[string, () => PromiseLike<unknown>]> = [
    ["withGraphFetched('nope')", () => Shop.query().withGraphFetched('nope')],
    ["withGraphFetched('products.nope')", () => Shop.query().withGraphFetched('products.nope')],
    ["withGraphJoined('nope')", () => Shop.query().withGraphJoined('nope')],
    ["withGraphJoined('products.nope')", () => Shop.query().withGraphJoined('products.nope')],
  ];

  for (const [expression, query] of UNKNOWN) {
    it(`${expression} names the unknown relation`, async () => {
      const error = await invalidRelation(query);

      expect(error.message).to.equal('Unknown relation "nope" in the relation expression');
    });
  }

  for (const method of ['withGraphFetched', 'withGraphJoined'] as const) {
    it(`${method} outside allowGraph is refused`, async () => {
      const error = await invalidRelation(() =>
        Shop.query().allowGraph('products')[method]('products.shop'),
      );

      expect(error.message).to.equal(
        'The relation expression names a relation that is not allowed here',
      );
    });
  }

  it('an expression inside allowGraph loads', async () => {
    const [shop] = await Shop.query().allowGraph('products.shop').withGraphFetched('products.shop');

    expect(shop?.products?.[0]?.shop?.name).to.equal('Green Grocer');
  });

  it('an expression that does not parse is refused, quoting it', async () => {
    const error = await invalidRelation(() => Shop.query().withGraphFetched('products.['));

    expect(error.message).to.equal('Invalid relation expression "products.["');
  });

  it('an unknown modifier in an expression is refused, naming it', async () => {
    const error = await invalidRelation(() => Shop.query().withGraphFetched('products(cheapest)'));

    expect(error.message).to.equal('Could not find modifier "cheapest" for relation "products"');
  });

  it('$relatedQuery with an unknown relation names it, as the layer error', async () => {
    const shop = await Shop.query().findOne({ name: 'Green Grocer' });

    const error = (() => {
      try {
        shop!.$relatedQuery('owner');
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();

    expect(error).to.be.instanceOf(InvalidRelationError);
    expect((error as Error).message).to.equal('Shop has no relation "owner"');
    expect(await shop!.$relatedQuery('products').resultSize()).to.equal(1);
  });
});
