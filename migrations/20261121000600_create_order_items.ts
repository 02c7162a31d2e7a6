import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('order_items', (t) => {
    // The primary key (order_id, product_id) also serves as the index on order_id.
    t.integer('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE');
    // RESTRICT: a product with order history cannot be deleted.
    t.integer('product_id')
      .notNullable()
      .references('id')
      .inTable('products')
      .onDelete('RESTRICT')
      .index();
    t.integer('quantity').notNullable();
    t.decimal('unit_price', 10, 2).notNullable();
    t.primary(['order_id', 'product_id']);
    t.check('?? > 0', ['quantity'], 'order_items_quantity_positive');
    t.check('?? >= 0', ['unit_price'], 'order_items_unit_price_not_negative');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('order_items');
}
