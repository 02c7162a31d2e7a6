import { expect } from 'chai';
import type { Knex } from 'knex';
import type { UpsertGraphOptions } from 'objection';
import { Deletion, recordQueries, truncateAllTables, ValidationFailedError } from '../../lib';
import { Post, Shop, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { countQueries, snapshotDatabase } from '../support/queries';
import { shapesOf } from '../support/statements';

const OLD_TIMESTAMP = '2000-01-01T00:00:00.000Z';

// An option the set-based upsert leaves to Objection, with the value Objection uses anyway: the
// same upsert, carried out by Objection's own upsert.
const THROUGH_OBJECTION: UpsertGraphOptions = { noUpdate: false };

interface ShopGraph {
  id?: number;
  name?: string;
  products: { id?: number; name?: string; price?: number }[];
}

/** `shops` shops with 10 products each, all timestamps set to 2000 so that changes show. */
async function seedShops(knex: Knex, shops: number): Promise<Shop[]> {
  const inserted = await Shop.query().insertGraph(
    Array.from({ length: shops }, (_, s) => ({
      name: `Shop ${s}`,
      products: Array.from({ length: 10 }, (_, p) => ({ name: `Product ${p}`, price: p + 1 })),
    })),
  );
  for (const table of ['shops', 'products']) {
    await knex(table).update({ created_at: OLD_TIMESTAMP, updated_at: OLD_TIMESTAMP });
  }
  return inserted;
}

/**
 * The benchmark's upsert: every shop with its products, 10% of the products with a new price,
 * 5% left out, and a new product in every other shop (5%).
 */
function tenPercentChanged(shops: Shop[]): {
  graph: ShopGraph[];
  changed: number[];
  dropped: number[];
} {
  const changed: number[] = [];
  const dropped: number[] = [];
  let index = 0;
  const graph = shops.map((shop, s) => {
    const products: ShopGraph['products'] = [];
    for (const product of shop.products ?? []) {
      index += 1;
      if (index % 20 === 0) {
        dropped.push(product.id);
      } else if (index % 10 === 5) {
        changed.push(product.id);
        products.push({ id: product.id, name: product.name, price: product.price + 0.5 });
      } else {
        products.push({ id: product.id, name: product.name, price: product.price });
      }
    }
    if (s % 2 === 0) products.push({ name: `New ${s}`, price: 9.99 });
    return { id: shop.id, name: shop.name, products };
  });
  return { graph, changed, dropped };
}

/** A snapshot where every timestamp reads as whether it is still the seed's. */
async function comparableSnapshot(knex: Knex): Promise<Record<string, unknown[]>> {
  const snapshot = await snapshotDatabase(knex);
  const isTimestamp = (key: string) => /_at$/.test(key);
  return Object.fromEntries(
    Object.entries(snapshot).map(([table, rows]) => [
      table,
      rows.map((row) =>
        Object.fromEntries(
          Object.entries(row as Record<string, unknown>).map(([key, value]) => {
            if (table === 'deletions' && key === 'row') {
              const { name, price, shop_id } = JSON.parse(String(value)) as Record<string, unknown>;
              return [key, { name, price, shop_id }];
            }
            if (!isTimestamp(key)) return [key, value];
            return [key, new Date(String(value)).toISOString() === OLD_TIMESTAMP ? 'seed' : 'new'];
          }),
        ),
      ),
    ]),
  );
}

describeEachDialect('Graph upserts | set-based', (db) => {
  async function upsertShops(shops: number, options?: UpsertGraphOptions) {
    const { graph } = tenPercentChanged(await seedShops(db.knex, shops));
    return countQueries(db.knex, async () => Shop.query().upsertGraph(graph, options));
  }

  it('sends as many statements for 100 shops × 10 products as for 10 × 10, one per level', async () => {
    const { graph } = tenPercentChanged(await seedShops(db.knex, 10));
    const { queries } = await recordQueries(db.knex, () => Shop.query().upsertGraph(graph));
    await truncateAllTables(db.knex);
    const forHundred = await upsertShops(100);

    expect(forHundred).to.equal(queries.length);
    expect(shapesOf(queries)).to.deep.equal([
      'begin',
      'select shops',
      'select products',
      // The dropped products, already read, through their delete policies: restrict check,
      // their comments' cascade (audit, delete, in SQL), their own audit, delete.
      'select order_items',
      'insert deletions',
      'insert deletions',
      'delete comments',
      'delete products',
      'insert products',
      'update products',
      'commit',
    ]);
  });

  it('leaves the database as Objection’s own upsert does', async () => {
    const statements = await upsertShops(20);
    const setBased = await comparableSnapshot(db.knex);
    await truncateAllTables(db.knex);

    const throughObjection = await upsertShops(20, THROUGH_OBJECTION);

    expect(await comparableSnapshot(db.knex)).to.deep.equal(setBased);
    expect(throughObjection).to.be.greaterThan(statements);
  });

  it('updates changed rows only, stamping them, and audits every dropped product', async () => {
    const shops = await seedShops(db.knex, 10);
    const { graph, changed, dropped } = tenPercentChanged(shops);

    await Shop.query().upsertGraph(graph);

    const products = await db.knex('products').orderBy('id');
    const restamped = products.filter(
      (p) => new Date(p.updated_at).toISOString() !== OLD_TIMESTAMP,
    );
    expect(
      restamped.filter((p) => !String(p.name).startsWith('New')).map((p) => p.id),
    ).to.deep.equal(changed);
    expect(
      products.filter((p) => changed.includes(p.id)).map((p) => Number(p.price) % 1),
    ).to.deep.equal(changed.map(() => 0.5));
    const shopStamps = await db.knex('shops').pluck('updated_at');
    expect(shopStamps.map((t) => new Date(t).toISOString())).to.deep.equal(
      shops.map(() => OLD_TIMESTAMP),
    );
    const trail = await Deletion.query().orderBy('row_id');
    expect(trail.map((d) => [d.table_name, d.row_id])).to.deep.equal(
      dropped.map((id) => ['products', id]),
    );
    expect(products.map((p) => p.id)).to.not.include.members(dropped);
  });

  it('returns the graph with the new products’ ids and shop ids set', async () => {
    const shops = await seedShops(db.knex, 4);
    const { graph } = tenPercentChanged(shops);

    const result = await Shop.query().upsertGraph(graph);

    const added = result.flatMap((shop) =>
      (shop.products ?? [])
        .filter((p) => p.name.startsWith('New'))
        .map((p) => [p.name, p.shop_id, p.id]),
    );
    const stored = await db.knex('products').where('name', 'like', 'New%').orderBy('id');
    expect(added).to.deep.equal(stored.map((p) => [p.name, p.shop_id, p.id]));
    expect(added).to.have.length(2);
  });

  it('leaves the database unchanged when the third new product of a shop is invalid', async () => {
    const shops = await seedShops(db.knex, 3);
    const { graph } = tenPercentChanged(shops);
    graph[1]!.products.push(
      { name: 'Lentils', price: 3.1 },
      { name: 'Oats', price: 2 },
      { name: 'Bagel', price: -1 },
    );
    const before = await snapshotDatabase(db.knex);

    const error = await Shop.query()
      .upsertGraph(graph)
      .then(
        () => expect.fail('the upsert was expected to be refused'),
        (e: unknown) => e,
      );

    expect(error).to.be.instanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).errors.map((e) => e.path)).to.deep.equal([
      `products[${graph[1]!.products.length - 1}].price`,
    ]);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('relates new tags and unrelates dropped ones in statements per level, not per post', async () => {
    async function retag(posts: number) {
      const user = await User.query().insertGraph({
        name: 'John',
        posts: Array.from({ length: posts }, (_, p) => ({
          title: `Post ${p}`,
          content: 'a',
          tags: [{ name: `orm ${posts}.${p}` }, { name: `sql ${posts}.${p}` }],
        })),
      });
      const graph = {
        id: user.id,
        posts: user.posts!.map((post, p) => ({
          id: post.id,
          tags: [{ id: post.tags![0]!.id }, { name: `typescript ${posts}.${p}` }],
        })),
      };
      return countQueries(db.knex, async () => User.query().upsertGraph(graph));
    }

    const forTwo = await retag(2);
    const forTwenty = await retag(20);

    expect(forTwenty).to.equal(forTwo);
    const post = await Post.query().findOne({ title: 'Post 19' }).throwIfNotFound();
    const tags = await post.$relatedQuery('tags').orderBy('name');
    expect(tags.map((t) => t.name)).to.deep.equal(['orm 20.19', 'typescript 20.19']);
    expect(await db.knex('post_tags').count({ n: '*' }).first()).to.deep.equal({
      n: 2 * 2 + 2 * 20,
    });
    expect(await Tag.query().resultSize()).to.equal(2 * 2 + 2 * 20 + 2 + 20);
  });
});
