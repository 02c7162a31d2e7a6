import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The audit trail of deleted rows, written by lib/audit. No foreign keys: the rows it
  // describes are gone.
  await knex.schema.createTable('deletions', (t) => {
    t.increments('id');
    t.string('table_name', 63).notNullable();
    t.bigInteger('row_id').notNullable();
    t.text('row').notNullable();
    t.timestamp('deleted_at', { useTz: true }).notNullable();
    t.index(['table_name', 'row_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('deletions');
}
