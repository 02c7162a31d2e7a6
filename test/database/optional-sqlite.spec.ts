import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

// A process in which `require()` of the packages named in argv[1] fails, as it does where an
// optional peer is not installed, loads the layer and opens the URL in argv[2] (PostgreSQL is
// only set up: no connection is opened).
const WITHOUT_PACKAGES = `
  const Module = require('node:module');
  const missing = process.argv[1].split(',');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (missing.includes(request)) throw new Error(request + ' is not installed');
    return load.call(this, request, ...rest);
  };
  require('ts-node/register/transpile-only');
  const { createKnex, dialectOf } = require('./lib');
  const knex = createKnex(process.argv[2]);
  const opened = process.argv[2].startsWith('postgres') ? Promise.resolve() : knex.raw('select 1');
  opened.then(() => {
    console.log(dialectOf(knex).name, dialectOf(knex).maxBindings, knex.client.driverName);
    return knex.destroy();
  });
`;

async function outputWithout(missing: string[], url: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['-e', WITHOUT_PACKAGES, missing.join(','), url], {
    cwd: root,
  });
  return stdout.trim();
}

describe('Database | the SQLite drivers are optional peers', () => {
  it('loads the layer and sets up PostgreSQL where neither sqlite3 nor better-sqlite3 loads', async () => {
    expect(
      await outputWithout(['sqlite3', 'better-sqlite3'], 'postgres://postgres@127.0.0.1:1/never'),
    ).to.equal('postgres 65535 pg');
  });

  it('runs sqlite+better-sqlite3: where sqlite3 cannot be loaded', async () => {
    expect(await outputWithout(['sqlite3'], 'sqlite+better-sqlite3::memory:')).to.equal(
      'sqlite 32766 better-sqlite3',
    );
  });

  it('runs sqlite: where better-sqlite3 cannot be loaded', async () => {
    expect(await outputWithout(['better-sqlite3'], 'sqlite::memory:')).to.equal(
      'sqlite 32766 sqlite3',
    );
  });
});
