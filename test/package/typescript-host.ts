// A host app written in TypeScript the way a user of the package would write it: a model of its
// own (Review, belonging to the demo's Product), its own migration, the demo loaded beside them.
// Compiled with `skipLibCheck: false` and declarations on, so that its `dist/migrations` holds
// `.d.ts` files beside the `.js`, as the package's own does.

export const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'node16',
    moduleResolution: 'node16',
    strict: true,
    skipLibCheck: false,
    esModuleInterop: true,
    declaration: true,
    useDefineForClassFields: false,
    types: ['node'],
    outDir: 'dist',
    rootDir: '.',
  },
  include: ['models', 'migrations', 'server.ts'],
});

export const REVIEW_MODEL = `import { addRelations, auditDeletions, BaseModel, belongsToOne, hasMany } from 'relational-layer';
import { Product } from 'relational-layer/demo';

export class Review extends BaseModel {
  static override tableName = 'reviews';
  static override hasTimestamps = false;
  // Every deleted review goes into the audit trail, cascades from a shop included.
  static override deleteHooks = [auditDeletions];

  declare id: number;
  declare product_id: number;
  declare text: string;

  declare product?: Product;

  // Validates input; the migration owns the schema.
  static override jsonSchema = {
    type: 'object',
    // product_id is set from the product when a review is written under it.
    required: ['text'],
    properties: {
      id: { type: 'integer' },
      product_id: { type: 'integer' },
      text: { type: 'string', minLength: 1, maxLength: 200 },
    },
  };

  static override relationMappings = () => ({
    product: belongsToOne(Product, { from: 'reviews.product_id', to: 'products.id', inverse: 'reviews' }),
  });
}

// The inverse, on the package's Product: every model pointing at Product sees it.
addRelations(Product, () => ({
  reviews: hasMany(Review, {
    from: 'products.id',
    to: 'reviews.product_id',
    inverse: 'product',
    onDelete: 'cascade',
  }),
}));

declare module 'relational-layer/demo' {
  interface Product {
    reviews?: Review[];
  }
}
`;

export const REVIEWS_MIGRATION = `import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reviews', (t) => {
    t.increments('id');
    t.integer('product_id').notNullable().references('id').inTable('products').onDelete('CASCADE').index();
    t.string('text', 200).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reviews');
}
`;

// Migrates, seeds, adds reviews, tries the seed again, serves, writes a shop with reviewed
// products and deletes it, and prints what it saw as one JSON line.
export const SERVER = `import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Knex } from 'knex';
import {
  checkSchema,
  createKnex,
  createRouter,
  Deletion,
  migrationsConfig,
  ReferencedByOtherTableError,
} from 'relational-layer';
import { allModels, DEMO_MIGRATIONS_DIRECTORY, Product, seedDemo } from 'relational-layer/demo';
import { Review } from './models/Review';

async function run(knex: Knex): Promise<void> {
  const [, migrated] = await knex.migrate.latest(
    migrationsConfig([DEMO_MIGRATIONS_DIRECTORY, path.join(__dirname, 'migrations')]),
  );
  await seedDemo(knex);
  const findings = await checkSchema(knex, [...allModels, Review]);
  await Review.query(knex).insertGraph([
    { product_id: 1, text: 'good rice' },
    { product_id: 2, text: 'fine beans' },
  ]);
  const reseed = await seedDemo(knex).then(
    () => 'seeded',
    (error: unknown) => (error instanceof ReferencedByOtherTableError ? error.code : String(error)),
  );
  const rice: Product = await Product.query(knex).findById(1).throwIfNotFound();
  const riceReviews = (await rice.$relatedQuery('reviews', knex)).map((review) => review.text);

  const app = express();
  app.use('/api', createRouter({ knex, models: [...allModels, Review] }));
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}/api\`;
  // Every answer, as it came, for the spec to check against the document the router serves.
  const answers: Array<{ method: string; path: string; status: number; headers: object; text: string }> = [];
  async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
    const response = await fetch(\`\${base}\${path}\`, init);
    const text = await response.text();
    const headers = Object.fromEntries(response.headers.entries());
    answers.push({ method: init.method ?? 'GET', path, status: response.status, headers, text });
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const shop = await call('/shops/1?include=products.reviews');
  const document = (await call('/openapi.json')).body as { paths: object };
  const created = await call('/shops', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: 'Pop-up Tea',
      products: [
        { name: 'Green tea', price: 3, reviews: [{ text: 'lovely' }] },
        { name: 'Black tea', price: 2.5, reviews: [{ text: 'strong' }] },
      ],
    }),
  });
  const { id } = created.body as { id: number };
  const deleted = await call(\`/shops/\${id}\`, { method: 'DELETE' });
  const audited = await Deletion.query(knex).where('table_name', 'reviews').orderBy('row_id');
  const left = await Review.query(knex).orderBy('id');
  server.close();
  server.closeAllConnections();

  console.log(
    JSON.stringify({
      migrated,
      findings,
      reseed,
      riceReviews,
      shop,
      paths: Object.keys(document.paths),
      document,
      answers,
      created: created.status,
      deleted: deleted.status,
      audited: audited.map((deletion) => deletion.row.text),
      left: left.map((review) => review.text),
    }),
  );
}

const knex = createKnex(process.env.DATABASE_URL);
run(knex)
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => knex.destroy());
`;
