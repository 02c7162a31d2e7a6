import { expect } from 'chai';
import { NotFoundError as ObjectionNotFoundError } from 'objection';
import { NotFoundError } from '../../lib';
import { Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { expectCleanMessage } from './clean-message';

// A query that must find something says which model it did not find, as a 404.
describeEachDialect('Errors | not found', () => {
  async function notFound(query: () => PromiseLike<unknown>): Promise<NotFoundError> {
    const error = await Promise.resolve()
      .then(query)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).to.be.instanceOf(NotFoundError);
    return error as NotFoundError;
  }

  it('throwIfNotFound on an empty result is NOT_FOUND 404 naming the model', async () => {
    await Shop.query().insert({ name: 'Green Grocer' });

    const error = await notFound(() =>
      Shop.query().where('name', 'Nowhere Market').throwIfNotFound(),
    );

    expect(error).to.include({ code: 'NOT_FOUND', statusCode: 404, model: 'Shop' });
    expect(error.message).to.equal('Shop not found');
    expect(error.cause).to.be.instanceOf(ObjectionNotFoundError);
    expectCleanMessage(error, ['Nowhere Market']);
  });

  it('findById of a missing id with throwIfNotFound is NOT_FOUND 404', async () => {
    const error = await notFound(() => Shop.query().findById(4040).throwIfNotFound());

    expect(error).to.include({ code: 'NOT_FOUND', statusCode: 404, model: 'Shop' });
    expectCleanMessage(error);
  });

  it('a relation query that finds nothing names the related model', async () => {
    const shop = await Shop.query().insert({ name: 'Empty Shelves' });

    const error = await notFound(() => shop.$relatedQuery('products').throwIfNotFound());

    expect(error).to.include({ code: 'NOT_FOUND', model: 'Product' });
  });

  it('finding the row does not throw', async () => {
    const { id } = await Shop.query().insert({ name: 'Green Grocer' });

    const shop = await Shop.query().findById(id).throwIfNotFound();

    expect(shop.name).to.equal('Green Grocer');
  });
});
