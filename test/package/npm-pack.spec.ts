import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { dropOwnDatabase, freshOwnDatabase } from '../../scripts/own-database';
import {
  dialectLabel,
  DIALECTS,
  POSTGRES_URL,
  sqliteDriverOf,
  sqliteUrl,
} from '../support/dialects';
import { breachesOf, type RecordedAnswer } from '../support/raw-answers';
import { REVIEW_MODEL, REVIEWS_MIGRATION, SERVER, TSCONFIG } from './typescript-host';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

// A host app written the way a user of the package would write it, in plain JavaScript.
const SERVER_JS = `
const express = require('express');
const { createKnex, createRouter, migrationsConfig } = require('relational-layer');
const { allModels, DEMO_MIGRATIONS_DIRECTORY, seedDemo } = require('relational-layer/demo');

async function main() {
  const knex = createKnex(process.env.DATABASE_URL);
  await knex.migrate.latest(migrationsConfig([DEMO_MIGRATIONS_DIRECTORY]));
  await seedDemo(knex);
  const app = express();
  app.use('/api', createRouter({ knex, models: allModels }));
  const server = app.listen(0, async () => {
    const api = \`http://127.0.0.1:\${server.address().port}/api\`;
    const path = '/shops/1/products?name=Rice';
    const response = await fetch(api + path);
    const text = await response.text();
    const headers = Object.fromEntries(response.headers.entries());
    const document = await (await fetch(api + '/openapi.json')).json();
    const layer = require('relational-layer');
    console.log(
      JSON.stringify({
        status: response.status,
        body: JSON.parse(text),
        document,
        answer: { method: 'GET', path, status: response.status, headers, text },
        layerOnly: !('Shop' in layer) && !('allModels' in layer),
        // A host on SQLite never needs pg: the layer loads a driver only for its database.
        pgLoaded: Object.keys(require.cache).some((file) => file.includes('/node_modules/pg/')),
      }),
    );
    server.close();
    await knex.destroy();
  });
}
main();
`;

// The same in TypeScript, type-checked against the installed typings only.
const CHECK_TS = `
import express from 'express';
import { type ApiOptions, type ListPage, type Problem, createApp, createKnex, createRouter } from 'relational-layer';
import { allModels, Shop } from 'relational-layer/demo';

const knex = createKnex('sqlite::memory:');
const host = express();
host.use('/api', createRouter({ knex, models: allModels }));
const options: ApiOptions = { knex, models: allModels, maxLimit: 50 };
const app: express.Express = createApp(options);
const page: ListPage = { data: [], total: 0, limit: 20, offset: 0 };
const code: Problem['code'] = 'DELETE_RESTRICTED';
async function rice(): Promise<Shop | undefined> {
  return Shop.query(knex).findOne({ name: 'Rice' });
}
// @ts-expect-error the models to serve are required: the layer serves none of its own
createRouter({ knex });
export { app, page, code, rice };
`;

describe('Package | npm pack, installed into other Express apps', function () {
  this.timeout(180_000);
  let scratch: string;
  let shipped: string[];
  let app: string;
  let drivers: string;

  function writeFiles(root: string, files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
  }

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'relational-layer-pack-'));
    const { stdout: packed } = await run('npm', ['pack', '--json', '--pack-destination', scratch], {
      cwd: ROOT,
    });
    const [{ filename, files }] = JSON.parse(packed) as [
      { filename: string; files: Array<{ path: string }> },
    ];
    shipped = files.map((file) => file.path);

    app = path.join(scratch, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "host-app", "private": true }');
    // knex and objection come as the package's peer dependencies; the driver is the host's
    // choice, and sqlite3 builds a native binding on install, so the host borrows this project's
    // drivers instead of installing its own.
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        path.join(scratch, filename),
        'express@^5',
        '@types/express@^5',
        '@types/node@^20',
      ],
      { cwd: app },
    );
    drivers = path.join(scratch, 'drivers');
    fs.mkdirSync(drivers);
    for (const driver of ['sqlite3', 'better-sqlite3', 'pg']) {
      fs.symlinkSync(path.join(ROOT, 'node_modules', driver), path.join(drivers, driver));
    }
  });

  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  function hostEnv(databaseUrl: string): NodeJS.ProcessEnv {
    return { ...process.env, NODE_PATH: drivers, DATABASE_URL: databaseUrl };
  }

  it('ships both entries with their typings and the compiled migrations, no sources', () => {
    expect(shipped).to.include.members([
      'dist/index.js',
      'dist/index.d.ts',
      'dist/demo/index.js',
      'dist/demo/index.d.ts',
      'dist/lib/migrations/20261201000100_create_deletions.js',
      'dist/lib/schema-check/cli.js',
      'package.json',
    ]);
    expect(
      shipped.some((file) => file.startsWith('dist/migrations/') && file.endsWith('.js')),
    ).to.equal(true);
    expect(
      shipped.filter((file) =>
        /^(test|scripts|examples)\/|\.ts$/.test(file.replace(/\.d\.ts$/, '')),
      ),
    ).to.deep.equal([]);
  });

  it('mounts the router in a JavaScript app and type-checks against the typings', async () => {
    fs.writeFileSync(path.join(app, 'server.js'), SERVER_JS);
    fs.writeFileSync(path.join(app, 'check.ts'), CHECK_TS);

    const { stdout } = await run('node', ['server.js'], {
      cwd: app,
      env: hostEnv(sqliteUrl(path.join(scratch, 'javascript-host.sqlite3'))),
    });
    const answer = JSON.parse(stdout) as {
      status: number;
      body: { data: unknown[] };
      layerOnly: boolean;
      pgLoaded: boolean;
      document: Record<string, unknown>;
      answer: RecordedAnswer;
    };
    expect(breachesOf(answer.document, [answer.answer])).to.deep.equal([]);
    expect(answer.status).to.equal(200);
    expect(answer.body.data[0]).to.include({ name: 'Rice', price: 2.5 });
    expect(answer.layerOnly).to.equal(true);
    expect(answer.pgLoaded).to.equal(false);

    const typecheck = ['--noEmit', '--strict', '--esModuleInterop', '--types', 'node'];
    const target = ['--module', 'commonjs', '--moduleResolution', 'node', '--target', 'es2022'];
    await run('node', [TSC, ...typecheck, ...target, 'check.ts'], { cwd: app }).catch(
      (error: { stdout?: string }) => {
        throw new Error(`the typings do not check: ${error.stdout}`);
      },
    );
  });

  describe('a TypeScript host with its own Review model related to the demo’s Product', () => {
    const host = () => path.join(app, 'typescript-host');

    before(async () => {
      writeFiles(host(), {
        'tsconfig.json': TSCONFIG,
        'models/Review.ts': REVIEW_MODEL,
        'migrations/20270101000000_create_reviews.ts': REVIEWS_MIGRATION,
        'server.ts': SERVER,
      });
      // With skipLibCheck off, the package's declarations are checked too.
      await run('node', [TSC, '-p', 'tsconfig.json'], { cwd: host() }).catch(
        (error: { stdout?: string }) => {
          throw new Error(`the host does not compile: ${error.stdout}`);
        },
      );
    });

    for (const dialect of DIALECTS) {
      it(`[${dialectLabel(dialect)}] migrates, seeds, serves products.reviews and audits a shop’s cascade`, async () => {
        const driver = sqliteDriverOf(dialect);
        const url =
          dialect.name === 'sqlite'
            ? sqliteUrl(path.join(scratch, `typescript-host.${driver}.sqlite3`), driver)
            : await freshOwnDatabase(POSTGRES_URL, 'pack');
        try {
          const { stdout } = await run('node', ['dist/server.js'], {
            cwd: host(),
            env: hostEnv(url),
          });
          const seen = JSON.parse(stdout) as Record<string, unknown> & {
            shop: {
              status: number;
              body: { products: Array<{ name: string; reviews: Array<{ text: string }> }> };
            };
            paths: string[];
            document: Record<string, unknown>;
            answers: RecordedAnswer[];
          };
          expect(seen.answers).to.have.length(4);
          expect(breachesOf(seen.document, seen.answers)).to.deep.equal([]);

          // Compiled with declarations, every migration is recorded by its TypeScript source's name.
          expect(seen.migrated).to.deep.equal([
            '20261201000100_create_deletions.ts',
            '20261202000110_add_kind_to_deletions.ts',
            ...fs.readdirSync(path.join(ROOT, 'migrations')).sort(),
            '20270101000000_create_reviews.ts',
          ]);
          expect(seen.findings).to.deep.equal([]);
          expect(seen.reseed).to.equal('REFERENCED_BY_OTHER_TABLE');
          expect(seen.riceReviews).to.deep.equal(['good rice']);
          expect(seen.shop.status).to.equal(200);
          expect(
            seen.shop.body.products.map(({ name, reviews }) => ({
              name,
              reviews: reviews.map((review) => review.text),
            })),
          ).to.deep.equal([
            { name: 'Rice', reviews: ['good rice'] },
            { name: 'Beans', reviews: ['fine beans'] },
            { name: 'Lentils', reviews: [] },
          ]);
          expect(seen.paths).to.include.members(['/reviews', '/products/{id}/reviews']);
          expect({ created: seen.created, deleted: seen.deleted }).to.deep.equal({
            created: 201,
            deleted: 204,
          });
          expect(seen.audited).to.deep.equal(['lovely', 'strong']);
          expect(seen.left).to.deep.equal(['good rice', 'fine beans']);
        } finally {
          if (dialect.name === 'postgres') await dropOwnDatabase(url);
        }
      });
    }
  });
});
