import { expect } from 'chai';
import { InvalidRelationError, recordQueries } from '../../lib';
import { Customer, Order, Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

// Objection 3.1.5 ignores a for() it has no use for (objection#2185): on a query that is not a
// relatedQuery() it runs the query on every row. The layer refuses it before sending anything.
describeEachDialect('Queries | for() where Objection would ignore it is refused', (db) => {
  async function twoShops() {
    return Shop.query().insertGraph([
      { name: 'One', products: [{ name: 'a', price: 1 }] },
      { name: 'Two', products: [{ name: 'b', price: 2 }] },
    ]);
  }

  async function refusal(query: () => PromiseLike<unknown>) {
    const before = await snapshotDatabase(db.knex);
    const { result: error, queries } = await recordQueries(db.knex, async () => {
      try {
        await query();
      } catch (caught) {
        return caught;
      }
      return undefined;
    });
    expect(error).to.be.instanceOf(InvalidRelationError);
    expect(queries, 'no statement is sent').to.deep.equal([]);
    expect(await snapshotDatabase(db.knex), 'nothing changed').to.deep.equal(before);
    return error as InvalidRelationError;
  }

  it('Model.query().for(id).delete() deletes nothing and throws', async () => {
    const [one] = await twoShops();

    const error = await refusal(() => Shop.query().for(one!.id).delete());

    expect(error.message).to.equal(
      'for() names the owners of a relatedQuery(), and this Shop query is not one: Objection ' +
        'would ignore it and run the query on every Shop. Use ' +
        "Owner.relatedQuery('relation').for(…) to go through a relation, or where() or " +
        'findById() to choose rows',
    );
    expect(error).to.include({ code: 'INVALID_RELATION' });
    expect(await Shop.query().resultSize()).to.equal(2);
    expect(await Product.query().resultSize()).to.equal(2);
  });

  it('refuses it on a patch, an update and a read, and on an instance query', async () => {
    const [one] = await twoShops();

    await refusal(() => Shop.query().for(one!.id).patch({ name: 'Renamed' }));
    await refusal(() => Shop.query().for([one!.id]).update({ name: 'Renamed' }));
    await refusal(() => Shop.query().for(one!.id));
    await refusal(() => Shop.query().for(one!.id).first());
    await refusal(() => Product.query().for([one!.id]).resultSize());
    await refusal(() => one!.$query().for(one!.id).delete());

    expect((await Shop.query().orderBy('id')).map((shop) => shop.name)).to.deep.equal([
      'One',
      'Two',
    ]);
  });

  it('refuses for() called after the write of a relatedQuery()', async () => {
    const [one] = await twoShops();
    const customer = await Customer.query().insert({ name: 'Ann' });

    const afterInsert = await refusal(() =>
      Customer.relatedQuery('orders').insert({ order_number: 'ORD-1' }).for(customer.id),
    );
    await refusal(() => Shop.relatedQuery('products').delete().for(one!.id));
    await refusal(() => Shop.relatedQuery('products').patch({ price: 9 }).for(one!.id));

    expect(afterInsert.message).to.equal(
      'for() was called after insert() on a relatedQuery() of Order: Objection makes the ' +
        'insert for the owners known when insert() is called and would ignore these. Call ' +
        'for() before insert()',
    );
    expect(await Order.query().resultSize()).to.equal(0);
    expect((await Product.query().orderBy('id')).map((p) => [p.name, p.price])).to.deep.equal([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('runs relatedQuery().for() and $relatedQuery() as Objection documents them', async () => {
    const [one, two] = await twoShops();
    const customer = await Customer.query().insert({ name: 'Ann' });

    const found = await Shop.relatedQuery('products').for(two!.id);
    const deleted = await Shop.relatedQuery('products').for(one!.id).delete();
    const order = await Customer.relatedQuery('orders')
      .for(customer.id)
      .insert({ order_number: 'ORD-1' });
    const own = await two!.$relatedQuery('products').patch({ price: 3 });

    expect(found.map((product) => product.name)).to.deep.equal(['b']);
    expect(deleted).to.equal(1);
    expect(order.customer_id).to.equal(customer.id);
    expect(own).to.equal(1);
    expect((await Product.query()).map((p) => [p.name, p.price])).to.deep.equal([['b', 3]]);
  });
});
