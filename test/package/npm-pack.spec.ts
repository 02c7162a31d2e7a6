import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

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
    const response = await fetch(
      \`http://127.0.0.1:\${server.address().port}/api/shops/1/products?name=Rice\`,
    );
    console.log(JSON.stringify({ status: response.status, body: await response.json() }));
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

describe('Package | npm pack, installed into another Express app', function () {
  this.timeout(120_000);
  let scratch: string;

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'relational-layer-pack-'));
  });

  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('mounts the router, serves a request, and type-checks against the typings', async () => {
    const { stdout: packed } = await run('npm', ['pack', '--json', '--pack-destination', scratch], {
      cwd: ROOT,
    });
    const [{ filename, files }] = JSON.parse(packed) as [
      { filename: string; files: Array<{ path: string }> },
    ];
    const shipped = files.map((file) => file.path);
    expect(shipped).to.include.members([
      'dist/index.js',
      'dist/index.d.ts',
      'dist/demo/index.js',
      'dist/demo/index.d.ts',
      'dist/lib/migrations/20261201000100_create_deletions.js',
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

    const app = path.join(scratch, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "host-app", "private": true }');
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
    fs.writeFileSync(path.join(app, 'server.js'), SERVER_JS);
    fs.writeFileSync(path.join(app, 'check.ts'), CHECK_TS);

    // The host picks its database driver; sqlite3 builds a native binding on install, so the
    // host borrows this project's build instead of compiling its own.
    const drivers = path.join(scratch, 'drivers');
    fs.mkdirSync(drivers);
    fs.symlinkSync(path.join(ROOT, 'node_modules', 'sqlite3'), path.join(drivers, 'sqlite3'));
    const { stdout } = await run('node', ['server.js'], {
      cwd: app,
      env: {
        ...process.env,
        NODE_PATH: drivers,
        DATABASE_URL: `sqlite:${path.join(scratch, 'host.sqlite3')}`,
      },
    });
    const answer = JSON.parse(stdout) as { status: number; body: { data: unknown[] } };
    expect(answer.status).to.equal(200);
    expect(answer.body.data[0]).to.include({ name: 'Rice', price: 2.5 });

    const typecheck = ['--noEmit', '--strict', '--esModuleInterop', '--types', 'node'];
    const target = ['--module', 'commonjs', '--moduleResolution', 'node', '--target', 'es2022'];
    await run('node', [TSC, ...typecheck, ...target, 'check.ts'], { cwd: app }).catch(
      (error: { stdout?: string }) => {
        throw new Error(`the typings do not check: ${error.stdout}`);
      },
    );
  });
});
