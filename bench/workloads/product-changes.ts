type Row = Record<string, unknown>;

export interface WantedShop {
  id: number;
  name: string;
  products: Array<{ id?: number; name: string; price: number }>;
}

export interface ProductChanges {
  changed: Array<{ id: number; name: string; price: number }>;
  dropped: number[];
  added: Array<{ shop_id: number; name: string; price: number }>;
}

/**
 * The hand-written diff of a graph upsert: the products to update (name or price differs), to
 * delete (no longer listed) and to insert (no id yet), compared with the current rows.
 */
export function changesOf(wanted: WantedShop[], current: Row[]): ProductChanges {
  const currentById = new Map(current.map((row) => [row.id as number, row]));
  const changes: ProductChanges = { changed: [], dropped: [], added: [] };
  const kept = new Set<number>();
  for (const shop of wanted) {
    for (const product of shop.products) {
      if (product.id === undefined) {
        changes.added.push({ shop_id: shop.id, name: product.name, price: product.price });
        continue;
      }
      kept.add(product.id);
      const row = currentById.get(product.id);
      if (row && (row.name !== product.name || Number(row.price) !== product.price)) {
        changes.changed.push({ id: product.id, name: product.name, price: product.price });
      }
    }
  }
  changes.dropped = current.map((row) => row.id as number).filter((id) => !kept.has(id));
  return changes;
}
