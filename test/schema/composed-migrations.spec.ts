import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { DEMO_MIGRATIONS_DIRECTORY, demoKnexConfig } from '../../demo';
import {
  dialectOf,
  knexConfig,
  LAYER_MIGRATIONS_DIRECTORY,
  type MigrationFile,
  migrationsConfig,
} from '../../lib';
import { dropOwnDatabase, freshOwnDatabase } from '../../scripts/own-database';
import {
  dialectLabel,
  DIALECTS,
  POSTGRES_URL,
  sqliteDriverOf,
  sqliteScratchUrl,
  type TestDialect,
} from '../support/dialects';

const LAYER = fs.readdirSync(LAYER_MIGRATIONS_DIRECTORY);
const DEMO = fs.readdirSync(DEMO_MIGRATIONS_DIRECTORY).sort();

// A host's own migration in TypeScript: its timestamp sorts before the demo's, yet it runs after
// them, since it references their `products`.
const REVIEWS_TS = `import type { Knex } from 'knex';

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

// A host compiled to JavaScript ships declarations and source maps beside it, as the package does.
const NOTES_JS = `exports.up = (knex) => knex.schema.createTable('notes', (t) => {
  t.increments('id');
  t.string('text').notNullable();
});
exports.down = (knex) => knex.schema.dropTable('notes');
`;
const NOTES_D_TS = `import type { Knex } from 'knex';
export declare function up(knex: Knex): Promise<void>;
export declare function down(knex: Knex): Promise<void>;
`;
const NOTES_MAP = '{"version":3,"file":"20200101000000_create_notes.js","mappings":""}';

function hostDirectory(files: Record<string, string>): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relational-layer-host-'));
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(directory, name), text);
  }
  return directory;
}

async function recordedNames(knex: Knex): Promise<string[]> {
  const rows: Array<{ name: string }> = await knex('knex_migrations').orderBy('id').select('name');
  return rows.map((row) => row.name);
}

for (const dialect of DIALECTS) {
  describe(`[${dialectLabel(dialect)}] Schema | migrations composed from the layer, the demo and a host`, function () {
    this.timeout(60_000);
    let url: string;
    let knex: Knex;
    let cleanup: string[] = [];

    async function openDatabase(given: TestDialect): Promise<string> {
      if (given.name === 'sqlite') {
        return sqliteScratchUrl(`composed-${Date.now()}`, sqliteDriverOf(given));
      }
      return freshOwnDatabase(POSTGRES_URL, 'composed');
    }

    beforeEach(async function () {
      try {
        url = await openDatabase(dialect);
      } catch (error) {
        if (process.env.CI === 'true') throw error;
        console.warn(`    pending: ${dialect.name} is unreachable: ${String(error)}`);
        this.skip();
      }
      knex = knexFactory(knexConfig(url));
    });

    afterEach(async () => {
      await knex?.destroy();
      for (const directory of cleanup) fs.rmSync(directory, { recursive: true, force: true });
      cleanup = [];
      if (dialect.name === 'postgres' && url) await dropOwnDatabase(url);
    });

    function host(files: Record<string, string>): string {
      const directory = hostDirectory(files);
      cleanup.push(directory);
      return directory;
    }

    it('runs the layer’s migrations, then the demo’s, then a TypeScript host’s', async () => {
      const reviews = host({ '20200101000000_create_reviews.ts': REVIEWS_TS });

      await knex.migrate.latest(migrationsConfig([DEMO_MIGRATIONS_DIRECTORY, reviews]));

      expect(await recordedNames(knex)).to.deep.equal([
        ...LAYER,
        ...DEMO,
        '20200101000000_create_reviews.ts',
      ]);
      await knex('shops').insert({ id: 1, name: 'Green Grocer' });
      await knex('products').insert({ id: 1, shop_id: 1, name: 'Rice', price: 2.5 });
      await knex('reviews').insert({ product_id: 1, text: 'good rice' });
      expect(await knex('reviews').select('product_id', 'text')).to.deep.equal([
        { product_id: 1, text: 'good rice' },
      ]);
    });

    it('takes a compiled host’s .js files, never its .d.ts or source maps, and records them by their source’s name', async () => {
      const notes = host({
        '20200101000000_create_notes.js': NOTES_JS,
        '20200101000000_create_notes.d.ts': NOTES_D_TS,
        '20200101000000_create_notes.js.map': NOTES_MAP,
      });

      const [, pending] = await knex.migrate.list(migrationsConfig([notes]));
      await knex.migrate.latest(migrationsConfig([notes]));

      // tsc wrote the .d.ts beside the .js: the migration is recorded as its TypeScript source,
      // so a database migrated from the sources (ts-node) and from the build keeps one history.
      expect(pending.map((migration: MigrationFile) => migration.name)).to.deep.equal([
        ...LAYER,
        '20200101000000_create_notes.ts',
      ]);
      expect(await recordedNames(knex)).to.deep.equal([...LAYER, '20200101000000_create_notes.ts']);
      expect((await dialectOf(knex).tableNames(knex)).sort()).to.deep.equal(['deletions', 'notes']);
    });

    it('rolls the host’s migrations back first, the layer’s last', async () => {
      const reviews = host({ '20200101000000_create_reviews.ts': REVIEWS_TS });
      const config = migrationsConfig([DEMO_MIGRATIONS_DIRECTORY, reviews]);
      await knex.migrate.latest(config);

      await knex.migrate.rollback(config, true);

      expect(await dialectOf(knex).tableNames(knex)).to.deep.equal([]);
    });

    it('keeps a database migrated before the layer’s migration moved out of the demo’s up to date', async () => {
      // The layout before: the layer's `deletions` migration among the demo's, in one directory.
      const before = host({});
      for (const directory of [DEMO_MIGRATIONS_DIRECTORY, LAYER_MIGRATIONS_DIRECTORY]) {
        for (const file of fs.readdirSync(directory)) {
          fs.copyFileSync(path.join(directory, file), path.join(before, file));
        }
      }
      const extension = path.extname(LAYER[0] ?? '');
      await knex.migrate.latest({ directory: before, loadExtensions: [extension] });
      const recorded = await recordedNames(knex);
      const upgraded = knexFactory(demoKnexConfig(url));
      try {
        const [, pending] = await upgraded.migrate.list();
        const [batch, ran] = await upgraded.migrate.latest();

        expect(recorded).to.deep.equal([...DEMO, ...LAYER].sort());
        expect(pending).to.deep.equal([]);
        expect({ batch, ran }).to.deep.equal({ batch: 1, ran: [] });
        await upgraded.migrate.rollback(undefined, true);
        expect(await dialectOf(upgraded).tableNames(upgraded)).to.deep.equal([]);
      } finally {
        await upgraded.destroy();
      }
    });

    it('refuses two directories that hold a migration of the same name, before running any', async () => {
      const one = host({ '20200101000000_create_notes.js': NOTES_JS });
      const other = host({ '20200101000000_create_notes.js': NOTES_JS });

      const failure = await knex.migrate.latest(migrationsConfig([one, other])).then(
        () => expect.fail('the migrations ran'),
        (error: Error) => error,
      );

      expect(failure.message).to.equal(
        `The migration 20200101000000_create_notes.js is in both ${one} and ${other}: knex ` +
          'records migrations by file name, so each name may appear once; rename one of them',
      );
      expect(await dialectOf(knex).tableNames(knex)).to.deep.equal([]);
    });
  });
}
