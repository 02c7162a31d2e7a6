import { Deletion } from '../lib';
import { Author, Order, Shop } from '../models';

/** The README's delete-policies example: a cascade with its audit trail, and a restriction. */
export async function deletePolicies() {
  // #region readme
  // Author.books is `cascade`: the books go with the author, through the models, so their own
  // policies and delete hooks run: every domain model records its deleted rows in `deletions`.
  const austen = await Author.query().insertGraph({
    name: 'Jane Austen',
    books: [{ title: 'Emma' }, { title: 'Persuasion' }],
  });
  await austen.$query().delete();
  const trail = await Deletion.query().orderBy('id'); // books, books, authors

  // Product.orders is `restrict`: a shop whose products were ordered is not deleted, at all.
  const shop = await Shop.query().insertGraph({
    name: 'Green Grocer',
    products: [{ name: 'Rice', price: 2.5 }],
  });
  const [rice] = shop.products ?? [];
  await Order.query().insertGraph(
    { order_number: 'ORD-1', products: [{ id: rice?.id, quantity: 2, unit_price: 2.5 }] },
    { relate: ['products'] },
  );
  const refusal = await Shop.query()
    .deleteById(shop.id)
    .catch((error: unknown) => error);
  // DeleteRestrictedError: Cannot delete Shop: 1 row(s) in its relation "products.orders" depend on it
  // #endregion
  return { trail, refusal };
}
