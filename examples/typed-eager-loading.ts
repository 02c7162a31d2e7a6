import { fetchGraph } from '../lib';
import { Order, Shop } from '../models';

/** The README's typed eager loading example: the result's type says what was loaded. */
export async function typedEagerLoading() {
  const grocer = await Shop.query().insertGraph({
    name: 'Green Grocer',
    products: [
      { name: 'Beans', price: 1.2 },
      { name: 'Rice', price: 2.5 },
    ],
  });
  const [, rice] = grocer.products!;
  await Order.query().insertGraph(
    { order_number: 'ORD-1', products: [{ id: rice!.id, quantity: 2, unit_price: 2.5 }] },
    { relate: true },
  );

  // #region readme
  // withGraphFetched('products.orders'), typed: the same one query per relation level.
  const shops = await Shop.query().withGraph({ products: { orders: true } });
  // shops: Array<Loaded<Shop, { products: { orders: true } }>>, so no `?.` and no `!`:
  const ordersPerProduct = shops[0]?.products.map((product) => product.orders.length);
  // shops[0]?.products[0]?.shop does not compile: it was not loaded.

  // Onto models already in memory, like $fetchGraph.
  const shop = await Shop.query().findOne({ name: 'Green Grocer' }).throwIfNotFound();
  const loaded = await fetchGraph(shop, { products: true });
  const names = loaded.products.map((product) => product.name);
  // #endregion
  return { ordersPerProduct, names };
}
