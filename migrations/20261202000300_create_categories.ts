import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('categories', (t) => {
    t.increments('id').primary();
    t.string('name', 50).notNullable();
    t.timestamps(true, true);
    // A tree: null for a root. CASCADE is the safety net under Category.children's cascade.
    t.integer('parent_id')
      .nullable()
      .references('id')
      .inTable('categories')
      .onDelete('CASCADE')
      .index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('categories');
}
