import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('shops', (t) => {
    t.increments('id');
    t.string('name', 80).notNullable().unique();
    t.timestamps(true, true);
  });
  await knex.schema.createTable('products', (t) => {
    t.increments('id');
    t.integer('shop_id')
      .notNullable()
      .references('id')
      .inTable('shops')
      .onDelete('CASCADE')
      .index();
    t.string('name', 80).notNullable();
    t.decimal('price', 10, 2).notNullable();
    t.timestamps(true, true);
    t.unique(['shop_id', 'name']);
    t.check('?? >= 0', ['price'], 'products_price_not_negative');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('products');
  await knex.schema.dropTable('shops');
}
