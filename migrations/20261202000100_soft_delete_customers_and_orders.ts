import type { Knex } from 'knex';

// Customers and orders are soft-deletable (see Customer.softDelete): a delete sets deleted_at and
// the id of the delete that reached the row (deletion_id), which a restore reads back.
export async function up(knex: Knex): Promise<void> {
  for (const table of ['customers', 'orders']) {
    await knex.schema.alterTable(table, (t) => {
      t.timestamp('deleted_at', { useTz: true }).nullable();
      t.string('deletion_id', 36).nullable();
    });
  }
  await knex.schema.alterTable('orders', (t) => {
    // An order number is unique among the live orders only: a soft-deleted order keeps its
    // number, and a new order may take it. A partial index, on PostgreSQL and SQLite alike.
    t.dropUnique(['order_number']);
    t.unique(['order_number'], {
      indexName: 'orders_order_number_live_unique',
      predicate: knex.whereNull('deleted_at'),
    });
    // Customer.orders cascades now (a customer's soft delete soft-deletes its orders): removing
    // a customer outside the layer removes its orders too.
    t.dropForeign(['customer_id']);
    t.foreign('customer_id').references('id').inTable('customers').onDelete('CASCADE');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.dropForeign(['customer_id']);
    t.foreign('customer_id').references('id').inTable('customers').onDelete('SET NULL');
    // A partial unique rule is an index, not a constraint, on both databases.
    t.dropIndex(['order_number'], 'orders_order_number_live_unique');
    t.unique(['order_number']);
  });
  for (const table of ['orders', 'customers']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('deletion_id');
      t.dropColumn('deleted_at');
    });
  }
}
