import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Whether the row was soft-deleted (kept, its soft-delete columns set) or removed.
  await knex.schema.alterTable('deletions', (t) => {
    t.string('kind', 4).notNullable().defaultTo('hard');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deletions', (t) => {
    t.dropColumn('kind');
  });
}
