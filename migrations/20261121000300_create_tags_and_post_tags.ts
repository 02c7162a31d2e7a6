import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tags', (t) => {
    t.increments('id');
    t.string('name', 50).notNullable().unique();
    t.timestamps(true, true);
  });
  await knex.schema.createTable('post_tags', (t) => {
    // The primary key (post_id, tag_id) also serves as the index on post_id.
    t.integer('post_id').notNullable().references('id').inTable('posts').onDelete('CASCADE');
    t.integer('tag_id').notNullable().references('id').inTable('tags').onDelete('CASCADE').index();
    t.primary(['post_id', 'tag_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('post_tags');
  await knex.schema.dropTable('tags');
}
