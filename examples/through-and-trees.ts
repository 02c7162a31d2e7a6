import { Category, Customer, Shop } from '../models';

/** The README's through-relation and tree example: a customer's products, a category tree. */
export async function throughAndTreesExample() {
  const shop = await Shop.query().insertGraph({
    name: 'Corner Bakery',
    products: [
      { name: 'Bread', price: 3 },
      { name: 'Bagel', price: 1.8 },
    ],
  });
  const [bread, bagel] = shop.products!;
  const line = (id: number, quantity: number) => ({ id, quantity, unit_price: 1 });
  await Customer.query().insertGraph(
    {
      name: 'Ada',
      orders: [
        { order_number: 'A-1', products: [line(bread!.id, 1), line(bagel!.id, 2)] },
        { order_number: 'A-2', products: [line(bread!.id, 1)] },
      ],
    },
    { relate: true },
  );
  await Category.query().insertGraph({
    name: 'Groceries',
    children: [{ name: 'Bakery', children: [{ name: 'Bread' }, { name: 'Pastry' }] }],
  });

  // #region readme
  // Customer.purchasedProducts = hasManyThrough(Product, { through: 'orders', source: 'products' })
  const customer = await Customer.query()
    .findOne({ name: 'Ada' })
    .withGraphFetched('purchasedProducts'); // 2 statements: customers, then one join
  // customer.purchasedProducts: Bread, Bagel, Bread (one per order item, as Rails without distinct)

  // Category.descendants = recursive(Category, 'children'): one WITH RECURSIVE statement
  const groceries = Category.query().findOne({ name: 'Groceries' });
  const tree = await groceries.withGraphFetched('descendants');
  // tree.descendants: [Bakery { descendants: [Bread, Pastry] }]

  // Deleting a category deletes its subtree (children: cascade) in a constant number of statements.
  await Category.query().delete().where({ name: 'Bakery' });
  // #endregion
  return { customer, tree, left: await Category.query().select('name') };
}
