import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customers', (t) => {
    t.increments('id');
    t.string('name', 50).notNullable();
    t.timestamps(true, true);
  });
  await knex.schema.createTable('orders', (t) => {
    t.increments('id');
    // Nullable: deleting a customer keeps its orders as guest orders.
    t.integer('customer_id')
      .nullable()
      .references('id')
      .inTable('customers')
      .onDelete('SET NULL')
      .index();
    t.string('order_number', 10).notNullable().unique();
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('orders');
  await knex.schema.dropTable('customers');
}
