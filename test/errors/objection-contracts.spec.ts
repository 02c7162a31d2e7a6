import { expect } from 'chai';
import * as objection from 'objection';
import {
  CheckViolationError,
  ForeignKeyViolationError,
  InvalidRelationError,
  LayerError,
  NotFoundError,
  NotNullViolationError,
  UniqueViolationError,
  ValidationFailedError,
  translateError,
} from '../../lib';
import { Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

async function failureOf(write: PromiseLike<unknown>): Promise<Error> {
  const outcome = await Promise.resolve(write).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).to.be.instanceOf(Error);
  return outcome as Error;
}

// Code written for Objection catches its error classes; the layer's errors keep their codes and
// are also instances of Objection's, with the properties Objection sets.
describeEachDialect('Errors | the layer’s errors keep Objection’s contracts', (db) => {
  it('an invalid row is Objection’s ValidationError: type ModelValidation, data by property', async () => {
    const error = await failureOf(Shop.query().insert({ name: '' }));

    expect(error).to.be.instanceOf(ValidationFailedError).and.instanceOf(objection.ValidationError);
    expect(error).to.include({
      code: 'VALIDATION_FAILED',
      statusCode: 400,
      type: 'ModelValidation',
    });
    const { data } = error as objection.ValidationError;
    expect(Object.keys(data as object)).to.deep.equal(['name']);
    expect((data as Record<string, objection.ValidationErrorItem[]>).name![0]).to.include({
      keyword: 'minLength',
      message: 'must NOT have fewer than 1 characters',
    });
    expect((error as objection.ValidationError).modelClass).to.equal(Shop);
  });

  it('a missing row is Objection’s NotFoundError, with its data and model class', async () => {
    const error = await failureOf(
      Shop.query().where('name', 'Nowhere').throwIfNotFound({ message: 'No such shop' }),
    );

    expect(error).to.be.instanceOf(NotFoundError).and.instanceOf(objection.NotFoundError);
    expect(error).to.include({ code: 'NOT_FOUND', statusCode: 404, type: 'NotFound' });
    expect(error.message).to.equal('No such shop');
    expect((error as objection.NotFoundError).data).to.deep.equal({ message: 'No such shop' });
    expect((error as objection.NotFoundError).modelClass).to.equal(Shop);
  });

  it('a duplicate is db-errors’ UniqueViolationError, with the driver’s error as nativeError', async () => {
    await Shop.query().insert({ name: 'Green Grocer' });

    const error = await failureOf(Shop.query().insert({ name: 'Green Grocer' }));

    expect(error)
      .to.be.instanceOf(UniqueViolationError)
      .and.instanceOf(objection.UniqueViolationError)
      .and.instanceOf(objection.ConstraintViolationError)
      .and.instanceOf(objection.DBError);
    expect(error).to.include({ code: 'UNIQUE_VIOLATION', table: 'shops' });
    expect((error as InstanceType<typeof objection.UniqueViolationError>).columns).to.deep.equal([
      'name',
    ]);
    const { nativeError } = error as InstanceType<typeof objection.DBError>;
    expect(nativeError).to.be.instanceOf(Error);
    expect(nativeError.message).to.match(/unique/i);
    expect(error.message).not.to.equal(nativeError.message);
  });

  it('foreign-key, not-null and check failures are their db-errors classes', async () => {
    const shop = await Shop.query().insert({ name: 'Green Grocer' });
    const foreignKey = await failureOf(
      Product.query().insert({ shop_id: shop.id + 1, name: 'Rice', price: 1 }),
    );
    // The JSON schema refuses these before the database does; raw knex writes reach it.
    const raw = (row: object) =>
      failureOf(db.knex('products').insert(row)).then((error) => translateError(error) as Error);
    const notNull = await raw({ shop_id: shop.id, name: null, price: 1 });
    const check = await raw({ shop_id: shop.id, name: 'Rice', price: -1 });

    expect(foreignKey).to.be.instanceOf(ForeignKeyViolationError);
    expect(foreignKey).to.be.instanceOf(objection.ForeignKeyViolationError);
    expect(notNull).to.be.instanceOf(NotNullViolationError);
    expect(notNull).to.be.instanceOf(objection.NotNullViolationError);
    expect(notNull).to.include({ table: 'products', column: 'name' });
    expect(check).to.be.instanceOf(CheckViolationError);
    expect(check).to.be.instanceOf(objection.CheckViolationError);
    for (const error of [foreignKey, notNull, check]) {
      expect(error).to.be.instanceOf(LayerError);
      expect((error as InstanceType<typeof objection.DBError>).nativeError).to.be.instanceOf(Error);
    }
  });

  it('a bad relation expression is Objection’s ValidationError of type RelationExpression', async () => {
    const error = await failureOf(Shop.query().withGraphFetched('nope'));

    expect(error).to.be.instanceOf(InvalidRelationError).and.instanceOf(objection.ValidationError);
    expect(error).to.include({ code: 'INVALID_RELATION', type: 'RelationExpression' });
  });

  it('a relation allowGraph refuses is Objection’s ValidationError of type UnallowedRelation', async () => {
    const error = await failureOf(
      Shop.query()
        .upsertGraph({ name: 'Green Grocer', products: [{ name: 'Rice', price: 1 }] })
        .allowGraph('[]'),
    );

    expect(error).to.be.instanceOf(InvalidRelationError).and.instanceOf(objection.ValidationError);
    expect(error).to.include({ code: 'INVALID_RELATION', type: 'UnallowedRelation' });
  });

  it('an invalid graph stays Objection’s programmer error, not VALIDATION_FAILED, and writes nothing', async () => {
    const before = await snapshotDatabase(db.knex);

    const error = await failureOf(
      Shop.query().upsertGraph({ name: 'Green Grocer', products: [1] } as never),
    );

    expect(error).to.be.instanceOf(objection.ValidationError);
    expect(error).not.to.be.instanceOf(LayerError);
    expect(error).to.include({ type: 'InvalidGraph' });
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('#ref misuse stays Objection’s programmer error too, and writes nothing', async () => {
    const before = await snapshotDatabase(db.knex);

    const error = await failureOf(
      Shop.query().insertGraph({
        name: 'Green Grocer',
        products: [
          { '#id': 'rice', name: 'Rice', price: 1 },
          { name: '#ref{rice.name} and beans', price: 2 },
        ],
      }),
    );

    expect(error).to.be.instanceOf(objection.ValidationError);
    expect(error).not.to.be.instanceOf(LayerError);
    expect(error).to.include({ type: 'InvalidGraph' });
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('instanceof LayerError holds for every layer error and no other', () => {
    expect(new UniqueViolationError({ table: 'shops' })).to.be.instanceOf(LayerError);
    expect(new NotFoundError('Shop')).to.be.instanceOf(LayerError);
    expect(new objection.NotFoundError({})).not.to.be.instanceOf(LayerError);
    expect(new Error('x')).not.to.be.instanceOf(LayerError);
    expect(new NotFoundError('Shop')).not.to.be.instanceOf(UniqueViolationError);
  });
});
