import type { StaleVersionError } from '../lib';
import { Product } from '../models';

/** The README's optimistic-concurrency example, in the library: a stale update is refused. */
export async function staleUpdateRefused(productId: number) {
  // #region readme
  const mine = await Product.query().findById(productId).throwIfNotFound(); // version 1
  await Product.query().findById(productId).patch({ price: 2.75 }); // someone else: version 2

  const refused = await mine
    .$query()
    .patch({ price: 3 })
    .catch((error: unknown) => error);
  // StaleVersionError { code: 'STALE_VERSION', statusCode: 409, expectedVersion: 1 }: nothing written

  const fresh = await mine.$query(); // read again: version 2, price 2.75
  await fresh.$query().patch({ price: 3 }); // version 3
  // #endregion
  return { refused: refused as StaleVersionError, fresh };
}
