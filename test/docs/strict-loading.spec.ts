import { expect } from 'chai';
import { strictLoading } from '../../examples/strict-loading';
import { RelationNotLoadedError } from '../../lib';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | strict loading example', () => {
  it('throws on the unloaded relation, leaves it out of the JSON, and reads [] once loaded', async () => {
    const { notLoaded, isLoaded, json, products } = await strictLoading();

    expect(notLoaded).to.be.instanceOf(RelationNotLoadedError);
    expect((notLoaded as Error).message).to.match(
      /^Shop\.products was not loaded: load it with withGraphFetched\('products'\), \$fetchGraph\('products'\) or \$relatedQuery\('products'\)/,
    );
    expect(isLoaded).to.equal(false);
    expect(Object.keys(json).sort()).to.deep.equal(['created_at', 'id', 'name', 'updated_at']);
    expect(products).to.deep.equal([]);
  });
});
