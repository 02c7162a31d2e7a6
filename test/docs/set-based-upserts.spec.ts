import { expect } from 'chai';
import { setBasedUpserts } from '../../examples/set-based-upserts';
import { Deletion } from '../../lib';
import { Product } from '../../models';
import { describeEachDialect } from '../support/database';

describeEachDialect('Docs | set-based upserts example', () => {
  it('reprices, drops and adds the products of 50 shops in 11 statements, 2 of them for the dropped products’ comments', async () => {
    const queries = await setBasedUpserts();

    expect(queries).to.have.length(11);
    const products = await Product.query().orderBy('id');
    expect(products).to.have.length(100);
    expect(new Set(products.map((p) => `${p.name} ${p.price}`))).to.deep.equal(
      new Set(['Rice 2.6', 'Lentils 3.1']),
    );
    expect(await Deletion.query().where('table_name', 'products').resultSize()).to.equal(50);
  });
});
