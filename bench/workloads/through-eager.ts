import { Customer } from '../../models';
import type { BenchContext } from '../harness/context';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { chunked, priceOf, resetTables, rowsPerStatement } from './fixtures';
import { nest } from './nest';

type Row = Record<string, unknown>;

const PRODUCTS = 50;

async function insertRows(ctx: BenchContext, table: string, rows: Row[]): Promise<void> {
  const size = rowsPerStatement(Object.keys(rows[0]!).length, ctx.dialect.insertLimits);
  for (const chunk of chunked(rows, size)) await ctx.knex(table).insert(chunk);
}

/** `customers` customers, each with orders of `itemsPerOrder` products from a pool of 50. */
async function loadPurchases(
  ctx: BenchContext,
  size: { customers: number; ordersPerCustomer: number; itemsPerOrder: number },
): Promise<void> {
  await resetTables(ctx, ['order_items', 'orders', 'customers', 'products', 'shops']);
  await insertRows(ctx, 'shops', [{ name: 'Bench Shop' }]);
  await insertRows(
    ctx,
    'products',
    Array.from({ length: PRODUCTS }, (_, i) => ({ shop_id: 1, name: `P${i}`, price: priceOf(i) })),
  );
  await insertRows(
    ctx,
    'customers',
    Array.from({ length: size.customers }, (_, i) => ({ name: `C${i}` })),
  );
  const orders = size.customers * size.ordersPerCustomer;
  await insertRows(
    ctx,
    'orders',
    Array.from({ length: orders }, (_, i) => ({
      customer_id: Math.floor(i / size.ordersPerCustomer) + 1,
      order_number: `O${i}`,
    })),
  );
  await insertRows(
    ctx,
    'order_items',
    Array.from({ length: orders * size.itemsPerOrder }, (_, i) => {
      const order = Math.floor(i / size.itemsPerOrder);
      return {
        order_id: order + 1,
        // Distinct within an order; the same product recurs across a customer's orders.
        product_id: ((order * 7 + (i % size.itemsPerOrder)) % PRODUCTS) + 1,
        quantity: 1,
        unit_price: 1,
      };
    }),
  );
}

/** Every customer with the products on its orders (has-many-through), against the hand-written join. */
export function throughEager({
  reducedFrom,
  ...size
}: {
  customers: number;
  ordersPerCustomer: number;
  itemsPerOrder: number;
  reducedFrom?: string;
}): Workload {
  return roundsWorkload({
    name: reducedFrom
      ? `through-eager-${size.customers}x${size.ordersPerCustomer}x${size.itemsPerOrder}`
      : 'through-eager',
    reducedFrom,
    load: (ctx) => loadPurchases(ctx, size),
    prepare: () => undefined,
    contenders: {
      layer: () => Customer.query().withGraphFetched('purchasedProducts').orderBy('id'),
      knex: async ({ knex }) => {
        const customers: Row[] = await knex('customers').orderBy('id');
        const products: Row[] = await knex('products')
          .join('order_items', 'order_items.product_id', 'products.id')
          .join('orders', 'orders.id', 'order_items.order_id')
          .whereIn(
            'orders.customer_id',
            customers.map((customer) => customer.id as number),
          )
          .select('products.*', 'orders.customer_id');
        return nest(customers, products, 'customer_id', 'purchasedProducts');
      },
    },
    outcome: (_ctx, customers) =>
      (customers as Array<{ id: number; purchasedProducts: Array<{ id: number }> }>).map(
        (customer) => [
          customer.id,
          customer.purchasedProducts.map((product) => product.id).sort((a, b) => a - b),
        ],
      ),
  });
}
