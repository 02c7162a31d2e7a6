import { expect } from 'chai';
import { ValidationError as ObjectionValidationError } from 'objection';
import { ValidationFailedError } from '../../lib';
import { Product, Shop, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';
import { expectCleanMessage } from './clean-message';

// Input that breaks a model's schema never reaches the database, and every failing field is named.
describeEachDialect('Errors | validation', (db) => {
  let before: Record<string, unknown[]>;

  beforeEach(async () => {
    await Shop.query().insert({ name: 'Green Grocer' });
    before = await snapshotDatabase(db.knex);
  });

  async function validationFailure(write: () => PromiseLike<unknown>) {
    try {
      await write();
    } catch (error) {
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
      expect(error).to.be.instanceOf(ValidationFailedError);
      return error as ValidationFailedError;
    }
    throw new Error('the write was expected to fail validation');
  }

  it('lists every failing field of a row, each with what is wrong', async () => {
    const error = await validationFailure(() =>
      Product.query().insert({ shop_id: 'one' as unknown as number, name: '', price: -1 }),
    );

    expect(error).to.include({ code: 'VALIDATION_FAILED', statusCode: 400 });
    expect(error.errors).to.deep.equal([
      { path: 'shop_id', message: 'must be integer' },
      { path: 'name', message: 'must NOT have fewer than 1 characters' },
      { path: 'price', message: 'must be >= 0' },
    ]);
    expect(error.message).to.equal(
      'Product is invalid: shop_id: must be integer; name: must NOT have fewer than 1 characters; ' +
        'price: must be >= 0',
    );
  });

  it('gives the path of a failing node in a graph, with all its failing fields', async () => {
    const error = await validationFailure(() =>
      Shop.query().insertGraph({
        name: 'Corner Bakery',
        products: [
          { name: 'Bread', price: 3 },
          { name: '', price: 1.234 },
        ],
      }),
    );

    expect(error.errors).to.deep.equal([
      { path: 'products[1].name', message: 'must NOT have fewer than 1 characters' },
      { path: 'products[1].price', message: 'must be multiple of 0.01' },
    ]);
  });

  it('gives the full path of a failing node two relations deep', async () => {
    const error = await validationFailure(() =>
      User.query().insertGraph({
        name: 'John',
        posts: [{ title: 'First Post', content: 'Lorem ipsum', tags: [{ name: 'x'.repeat(51) }] }],
      }),
    );

    expect(error.errors.map((e) => e.path)).to.deep.equal(['posts[0].tags[0].name']);
  });

  it('keeps Objection’s validation error as the cause and no value in the message', async () => {
    const error = await validationFailure(() =>
      Shop.query().insert({ name: 'Sesame Street Bakery'.repeat(5) }),
    );

    expect(error.cause).to.be.instanceOf(ObjectionValidationError);
    expectCleanMessage(error, ['Sesame Street']);
  });
});
