import { limitPerParent } from '../lib';
import { Shop } from '../models';

/** The README's per-parent limit example: each shop's three most expensive products. */
export async function limitPerParentExample() {
  await Shop.query().insertGraph([
    {
      name: 'Spice Market',
      products: [
        { name: 'Saffron', price: 9.5 },
        { name: 'Pepper', price: 2 },
        { name: 'Cardamom', price: 4 },
        { name: 'Cumin', price: 1.25 },
      ],
    },
    { name: 'Corner Bakery', products: [{ name: 'Bread', price: 3 }] },
  ]);

  // #region readme
  // Every shop with its 3 most expensive products, in 2 queries however many shops.
  const shops = await Shop.query()
    .withGraphFetched('products(top3)')
    .modifiers({ top3: limitPerParent(3, { orderBy: [['price', 'desc']] }) });
  // Spice Market: Saffron, Cardamom, Pepper · Corner Bakery: Bread

  // The same on one shop's relation query.
  const spices = await Shop.query().findOne({ name: 'Spice Market' });
  const top2 = await spices!
    .$relatedQuery('products')
    .modify(limitPerParent(2, { orderBy: [['price', 'desc']] }));
  // #endregion
  return { shops, top2 };
}
