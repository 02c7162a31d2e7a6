import { expect } from 'chai';
import { Model } from 'objection';
import { BaseModel, Deletion } from '../../lib';
import { Post, Product, Shop, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';

/** A shop whose products relation is a plain Objection mapping: no inverse, no delete policy. */
class PlainShop extends BaseModel {
  static override tableName = 'shops';
  declare id: number;
  declare products?: Product[];
  static override relationMappings = () => ({
    products: {
      relation: Model.HasManyRelation,
      modelClass: Product,
      join: { from: 'shops.id', to: 'products.shop_id' },
    },
  });
}

describeEachDialect('Objection parity | graph upserts where the layer adds nothing', (db) => {
  it('deletes the missing children of a relation without a delete policy, as Objection does', async () => {
    const shop = await Shop.query().insertGraph({
      name: 'Green Grocer',
      products: [
        { name: 'Rice', price: 2.5 },
        { name: 'Beans', price: 1.2 },
      ],
    });
    const [rice, beans] = shop.products!;

    await PlainShop.query().upsertGraph({ id: shop.id, products: [{ id: rice!.id }] });

    const rows = await db.knex('products').select('id', 'shop_id').orderBy('id');
    expect(rows).to.deep.equal([{ id: rice!.id, shop_id: shop.id }]);
    // Deleted through the layer's delete: the product's own audit hook ran.
    const trail = await Deletion.query();
    expect(trail.map((row) => [row.table_name, row.row_id])).to.deep.equal([
      ['products', beans!.id],
    ]);
  });

  it('keeps the options of the upsert Objection runs for a related node’s children', async () => {
    const [ann, bob] = await User.query().insertGraph([{ name: 'Ann' }, { name: 'Bob' }]);
    const [orm, sql] = await Tag.query().insertGraph([{ name: 'orm' }, { name: 'sql' }]);
    const post = await Post.query().insertGraph(
      { user_id: bob!.id, title: 'Joins', content: '…', tags: [{ id: orm!.id }] },
      { relate: true },
    );

    // Relating Bob's post to Ann makes Objection upsert the post's own graph recursively, with
    // the options of the outer call: its tag is related, not looked up as a child.
    await User.query().upsertGraph(
      { id: ann!.id, posts: [{ id: post.id, tags: [{ id: sql!.id }] }] },
      { relate: true },
    );

    expect(await Post.query().findById(post.id)).to.have.property('user_id', ann!.id);
    const tags = await db.knex('post_tags').where('post_id', post.id).pluck('tag_id');
    expect(tags).to.deep.equal([sql!.id]);
    // Post.tags is `unrelate`: the tag left out keeps its row.
    expect(await Tag.query().findById(orm!.id)).to.have.property('name', 'orm');
  });
});
