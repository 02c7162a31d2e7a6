import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('name', 50).notNullable();
    t.timestamps(true, true);
  });
  await knex.schema.createTable('posts', (t) => {
    t.increments('id');
    t.integer('user_id')
      .notNullable()
      .references('id')
      .inTable('users')
      .onDelete('CASCADE')
      .index();
    t.string('title', 100).notNullable();
    t.text('content').notNullable();
    t.timestamps(true, true);
  });
  await knex.schema.createTable('profiles', (t) => {
    t.increments('id');
    // The unique index doubles as the foreign-key index and makes the relation one-to-one.
    t.integer('user_id')
      .notNullable()
      .unique()
      .references('id')
      .inTable('users')
      .onDelete('CASCADE');
    t.text('bio');
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('profiles');
  await knex.schema.dropTable('posts');
  await knex.schema.dropTable('users');
}
