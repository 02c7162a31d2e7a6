import { expect } from 'chai';
import { typedErrors } from '../../examples/typed-errors';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | typed errors example', () => {
  it('turns a duplicate, a missing row and bad input into 409, 404 and 400 responses', async () => {
    const { duplicate, missing, invalid } = await typedErrors();

    expect(duplicate).to.deep.equal({
      status: 409,
      body: { code: 'UNIQUE_VIOLATION', message: 'Another row in shops has the same name' },
    });
    expect(missing).to.deep.equal({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'Shop not found' },
    });
    expect(invalid).to.deep.equal({
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'Shop is invalid: name: must NOT have fewer than 1 characters',
      },
    });
  });
});
