import { Customer, Order } from '../models';

/** The README's soft-delete example: delete, read, restore, and a restore refused. */
export async function softDelete() {
  // #region readme
  // Customer and Order declare `static softDelete = { column: 'deleted_at', deletionColumn:
  // 'deletion_id' }`, and Customer.orders is `cascade`: a delete keeps the rows, marked.
  const alice = await Customer.query().insertGraph({
    name: 'Alice',
    orders: [{ order_number: 'A-1' }, { order_number: 'A-2' }],
  });
  const [first, second] = alice.orders ?? [];
  await Order.query().deleteById(second!.id); // on its own, before
  await alice.$query().delete(); // one UPDATE per level: the customer and A-1

  const hidden = await Customer.query().findById(alice.id); // undefined: every read skips it
  const binned = await Order.query().onlyDeleted().orderBy('order_number');
  const shown = await Customer.query().withDeleted().findById(alice.id).withGraphFetched('orders');

  // A restore brings back the customer and exactly what its delete reached: A-1, not A-2.
  await alice.$query().restore();
  const live = await Order.query().where('customer_id', alice.id);

  // An order whose customer is still deleted cannot come back alone.
  await alice.$query().delete();
  const refusal = await Order.query()
    .findById(first!.id)
    .restore()
    .catch((error: unknown) => error);
  // ParentDeletedError (409 PARENT_DELETED): Cannot restore Order: 1 row(s) belong through
  // "customer" to a row that is still deleted; restore that row first

  // Removing for good goes through the same policies, hooks and audit.
  const purged = await Customer.query().purgeDeletedBefore(new Date(Date.now() + 1000)); // 1
  // #endregion
  return { hidden, binned, shown, live, refusal, purged };
}
