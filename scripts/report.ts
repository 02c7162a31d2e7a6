import { type BaseModel, bindModels, closeKnex, createKnex, databaseUrl } from '../lib';
import { Author, Customer, Post, Shop, User } from '../models';

/**
 * The main job until the HTTP API exists: bring the database to the latest migration, load the
 * demo data, and print a short report with one eager-loaded graph.
 */
async function main(): Promise<void> {
  const knex = createKnex();
  bindModels(knex);
  try {
    const [, migrations] = (await knex.migrate.latest()) as [number, string[]];
    await knex.seed.run();
    console.log(
      `Database: ${databaseUrl()} (${migrations.length} new migrations, demo data loaded)`,
    );

    const counts = await Promise.all(
      ([Shop, User, Post, Author, Customer] as Array<typeof BaseModel>).map(
        async (model) => `${await model.query().resultSize()} ${model.tableName}`,
      ),
    );
    console.log(`Rows: ${counts.join(', ')}`);

    const shops = await Shop.query()
      .withGraphFetched('products(byName)')
      .modifiers({ byName: (query) => query.orderBy('name') })
      .orderBy('id');
    console.log('\nShops with their products (one query per relation level):');
    for (const shop of shops) {
      const products = (shop.products ?? []).map((p) => `${p.name} ${p.price.toFixed(2)}`);
      console.log(`  ${shop.name}: ${products.join(', ')}`);
    }

    const rice = await shops[0]!.$relatedQuery('products').where('name', 'Rice').first();
    console.log(`\nshop.$relatedQuery('products').where('name', 'Rice'): ${JSON.stringify(rice)}`);
  } finally {
    await closeKnex(knex);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
