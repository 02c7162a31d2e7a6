import type { Knex } from 'knex';

// Products are versioned (Product.versionColumn): every update through the layer sets the
// version one higher, and an update from a stale version is refused. Existing rows start at 1.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('products', (t) => {
    t.integer('version').notNullable().defaultTo(1);
  });
}

// SQL both databases run as it is (SQLite since 3.35): knex's dropColumn rebuilds a SQLite table,
// which its foreign keys refuse while order_items rows reference products.
export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table ?? drop column ??', ['products', 'version']);
}
