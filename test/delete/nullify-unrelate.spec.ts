import { expect } from 'chai';
import { auditDeletions, BaseModel, belongsToOne, hasMany, recordQueries } from '../../lib';
import { Order, Post, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { shapesOf } from '../support/statements';

// The demo's customers cascade (soft) to their orders; these keep them as guest orders instead,
// and remove rows.
class GuestKeepingCustomer extends BaseModel {
  static override tableName = 'customers';
  static override deleteHooks = [auditDeletions];

  declare id: number;
  declare name: string;
  declare orders?: GuestOrder[];

  static override relationMappings = () => ({
    orders: hasMany(GuestOrder, {
      from: 'customers.id',
      to: 'orders.customer_id',
      inverse: 'customer',
      onDelete: 'nullify',
    }),
  });
}

class GuestOrder extends BaseModel {
  static override tableName = 'orders';

  declare id: number;
  declare order_number: string;
  declare customer?: GuestKeepingCustomer | null;

  static override relationMappings = () => ({
    customer: belongsToOne(GuestKeepingCustomer, {
      from: 'orders.customer_id',
      to: 'customers.id',
      inverse: 'orders',
    }),
  });
}

// nullify keeps the dependents without their owner; unrelate deletes join rows, keeps targets.
describeEachDialect('Delete policies | nullify and unrelate', (db) => {
  it('deleting a customer keeps all its orders as guest orders, in one UPDATE', async () => {
    const [alice, bob] = await GuestKeepingCustomer.query().insertGraph([
      { name: 'Alice', orders: [{ order_number: 'A-1' }, { order_number: 'A-2' }] },
      { name: 'Bob', orders: [{ order_number: 'B-1' }] },
    ]);

    const { queries } = await recordQueries(db.knex, () => alice!.$query().delete());

    const orders = await Order.query().orderBy('order_number');
    expect(orders.map((o) => [o.order_number, o.customer_id])).to.deep.equal([
      ['A-1', null],
      ['A-2', null],
      ['B-1', bob!.id],
    ]);
    expect(shapesOf(queries)).to.deep.equal([
      'begin',
      'select customers',
      'insert deletions',
      'update orders',
      'delete customers',
      'commit',
    ]);
  });

  async function postsSharingTags() {
    const user = await User.query().insertGraph(
      {
        name: 'John',
        posts: [
          { title: 'First', content: 'a', tags: [{ '#id': 'orm', name: 'orm' }, { name: 'sql' }] },
          { title: 'Second', content: 'b', tags: [{ '#ref': 'orm' }] },
        ],
      },
      { allowRefs: true },
    );
    return user.posts!;
  }

  it('deleting a post deletes its join rows and keeps the tags', async () => {
    const [first, second] = await postsSharingTags();

    await first!.$query().delete();

    expect((await Tag.query().orderBy('name')).map((t) => t.name)).to.deep.equal(['orm', 'sql']);
    expect((await second!.$relatedQuery('tags')).map((t) => t.name)).to.deep.equal(['orm']);
    expect(await db.knex('post_tags').count({ n: '*' }).first()).to.deep.equal({ n: 1 });
  });

  it('deleting a tag unrelates it from every post and keeps the posts', async () => {
    await postsSharingTags();

    await Tag.query().delete().where('name', 'orm');

    const posts = await Post.query().withGraphFetched('tags').orderBy('title');
    expect(posts.map((p) => [p.title, p.tags?.map((t) => t.name)])).to.deep.equal([
      ['First', ['sql']],
      ['Second', []],
    ]);
  });
});
