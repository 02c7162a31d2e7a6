import { Customer, Order, Shop } from '../../models';

/**
 * A small graph for the strict-loading specs: a shop with two products, one ordered by a
 * customer, and an empty shop.
 */
export async function createShopsAndOrders() {
  const [grocer, bakery] = await Shop.query().insertGraph([
    {
      name: 'Green Grocer',
      products: [
        { name: 'Rice', price: 2.5 },
        { name: 'Beans', price: 1.2 },
      ],
    },
    { name: 'Corner Bakery' },
  ]);
  const ann = await Customer.query().insert({ name: 'Ann' });
  const [rice] = grocer!.products!;
  const order = await Order.query().insertGraph(
    {
      order_number: 'ORD-1',
      customer_id: ann.id,
      products: [{ id: rice!.id, quantity: 2, unit_price: 2.5 }],
    },
    { relate: ['products'] },
  );
  return { grocer: grocer!, bakery: bakery!, ann, rice: rice!, order };
}
