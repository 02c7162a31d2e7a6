import type { Knex } from 'knex';
import { emptyTables, tablesOf } from '../lib';
import { allModels, Author, Category, Customer, Order, Post, Product, Shop, User } from '../models';

/**
 * The demo data set: every model and relation of the seed documents. It empties the demo's own
 * tables and restarts their ids first, so running it again gives exactly the same data; it never
 * touches another table, and refuses (`ReferencedByOtherTableError`, nothing written) while
 * rows of another table reference the demo's.
 */
export async function seed(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await emptyTables(trx, tablesOf(allModels));

    await Shop.query(trx).insertGraph([
      {
        name: 'Green Grocer',
        products: [
          { name: 'Rice', price: 2.5 },
          { name: 'Beans', price: 1.2 },
          { name: 'Lentils', price: 3.1 },
        ],
      },
      {
        name: 'Corner Bakery',
        products: [
          { name: 'Bread', price: 3 },
          { name: 'Croissant', price: 1.8 },
        ],
      },
      {
        name: 'Tech Hub',
        products: [
          { name: 'Laptop', price: 999.99 },
          { name: 'Mouse', price: 19.99 },
        ],
      },
    ]);

    await User.query(trx).insertGraph(
      [
        {
          name: 'John',
          profile: { bio: 'Writes about Flask and SQLAlchemy.' },
          posts: [
            {
              title: 'First Post',
              content: 'Lorem ipsum dolor sit amet',
              tags: [
                { '#id': 'flask', name: 'flask' },
                { '#id': 'orm', name: 'orm' },
              ],
            },
            {
              title: 'Second Post',
              content: 'Consectetur adipiscing elit',
              tags: [{ '#ref': 'orm' }],
            },
          ],
        },
        {
          name: 'Jane',
          posts: [
            {
              title: 'Relationships in TypeScript',
              content: 'HasMany, BelongsToOne, HasOne and ManyToMany',
              tags: [{ '#ref': 'orm' }, { name: 'typescript' }],
            },
          ],
        },
      ],
      { allowRefs: true },
    );

    await Author.query(trx).insertGraph([
      { name: 'Jane Austen', books: [{ title: 'Pride and Prejudice' }, { title: 'Emma' }] },
      {
        name: 'George Orwell',
        books: [{ title: 'Nineteen Eighty-Four' }, { title: 'Animal Farm' }],
      },
    ]);

    const productId = async (name: string) =>
      (await Product.query(trx).findOne({ name }).throwIfNotFound()).id;
    const item = async (name: string, quantity: number, unit_price: number) => ({
      id: await productId(name),
      quantity,
      unit_price,
    });

    await Customer.query(trx).insertGraph(
      [
        {
          name: 'Alice',
          orders: [
            {
              order_number: 'ORD-0001',
              products: [await item('Rice', 2, 2.5), await item('Bread', 1, 3)],
            },
            { order_number: 'ORD-0002', products: [await item('Laptop', 1, 949.99)] },
          ],
        },
        {
          name: 'Bob',
          orders: [{ order_number: 'ORD-0003', products: [await item('Mouse', 3, 19.99)] }],
        },
      ],
      { relate: ['orders.products'] },
    );
    await Order.query(trx).insertGraph(
      { order_number: 'ORD-0004', products: [await item('Croissant', 6, 1.8)] },
      { relate: ['products'] },
    );

    // A category tree three levels deep; Category.descendants reads it in one statement.
    await Category.query(trx).insertGraph({
      name: 'Groceries',
      children: [
        { name: 'Pantry', children: [{ name: 'Grains' }, { name: 'Pulses' }] },
        { name: 'Bakery', children: [{ name: 'Bread' }, { name: 'Pastry' }] },
      ],
    });
    await Category.query(trx).insertGraph({
      name: 'Electronics',
      children: [{ name: 'Accessories' }],
    });
    // Comments on posts and on products: one table, the owner named by a type and an id.
    const post = await Post.query(trx).findOne({ title: 'First Post' }).throwIfNotFound();
    await post.$relatedQuery('comments', trx).insert({ body: 'Great introduction.' });
    await post.$relatedQuery('comments', trx).insert({ body: 'Looking forward to the next one.' });
    const laptop = await Product.query(trx).findOne({ name: 'Laptop' }).throwIfNotFound();
    await laptop.$relatedQuery('comments', trx).insert({ body: 'Fast, and the battery lasts.' });
  });
}
