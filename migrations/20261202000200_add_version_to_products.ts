import type { Knex } from 'knex';

// Products are versioned (Product.versionColumn): every update through the layer sets the
// version one higher, and an update from a stale version is refused. Existing rows start at 1.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('products', (t) => {
    t.integer('version').notNullable().defaultTo(1);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('products', (t) => {
    t.dropColumn('version');
  });
}
