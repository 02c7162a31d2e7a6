import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('authors', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.timestamps(true, true);
  });
  await knex.schema.createTable('books', (t) => {
    t.increments('id');
    t.integer('author_id')
      .notNullable()
      .references('id')
      .inTable('authors')
      .onDelete('CASCADE')
      .index();
    t.string('title', 200).notNullable();
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('books');
  await knex.schema.dropTable('authors');
}
