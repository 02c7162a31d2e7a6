import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('comments', (t) => {
    t.increments('id').primary();
    t.text('body').notNullable();
    // A polymorphic owner: the type names the model (a morph-map key, 'post' or 'product'),
    // the id a row of its table. No foreign key can reference several tables, so the layer's
    // delete policies guard these columns and checkSchema reports orphans.
    t.string('commentable_type', 40).notNullable();
    t.integer('commentable_id').notNullable();
    t.index(['commentable_type', 'commentable_id']);
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('comments');
}
