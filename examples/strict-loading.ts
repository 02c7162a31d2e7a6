import { Shop } from '../models';

/** The README's strict-loading example: an unloaded relation throws, a loaded empty one is []. */
export async function strictLoading() {
  await Shop.query().insert({ name: 'Corner Bakery' });

  // #region readme
  const shop = await Shop.query().findOne({ name: 'Corner Bakery' }).throwIfNotFound();

  let notLoaded: unknown;
  try {
    console.log(shop.products);
  } catch (error) {
    // RelationNotLoadedError (code RELATION_NOT_LOADED): "Shop.products was not loaded: load it
    // with withGraphFetched('products'), $fetchGraph('products') or $relatedQuery('products')…"
    notLoaded = error;
  }
  const isLoaded = shop.$isLoaded('products'); // false: the safe way to ask
  const json = shop.toJSON(); // { id, name, created_at, updated_at }: unloaded relations left out

  await shop.$fetchGraph('products');
  const products = shop.products; // []: loaded, and empty
  // #endregion
  return { notLoaded, isLoaded, json, products };
}
