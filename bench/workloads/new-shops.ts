import { priceOf } from './fixtures';

/** A new shop with its new products, as every contender of `graph-insert-*` receives it. */
export interface NewShop {
  name: string;
  products: Array<{ name: string; price: number }>;
}

export function newShops(shops: number, perShop: number): NewShop[] {
  return Array.from({ length: shops }, (_, s) => ({
    name: `Shop ${s + 1}`,
    products: Array.from({ length: perShop }, (_, p) => ({
      name: `Product ${s + 1}.${p + 1}`,
      price: priceOf(s * perShop + p),
    })),
  }));
}

/** Rows of a new graph for hand-written inserts, all stamped with the same time. */
export function stampedRowsOf(graph: NewShop[]) {
  const now = new Date().toISOString();
  return {
    shops: graph.map(({ name }) => ({ name, created_at: now, updated_at: now })),
    products: (shopIds: number[]) =>
      graph.flatMap((shop, index) =>
        shop.products.map(({ name, price }) => ({
          shop_id: shopIds[index]!,
          name,
          price,
          created_at: now,
          updated_at: now,
        })),
      ),
  };
}

/** The graph as inserted, with the ids the hand-written inserts got back, in order. */
export function assembled(graph: NewShop[], shopIds: number[], productIds: number[]) {
  let next = 0;
  return graph.map((shop, index) => ({
    id: shopIds[index],
    name: shop.name,
    products: shop.products.map((product) => ({
      id: productIds[next++],
      shop_id: shopIds[index],
      ...product,
    })),
  }));
}

/** Rows per multi-row `INSERT … VALUES` of `columns` columns: only the parameter limit applies. */
export function valuesRowsPerStatement(columns: number, parameters: number): number {
  return Math.max(1, Math.floor(parameters / columns));
}
