import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

// A process in which `require('sqlite3')` fails, as it does where the optional peer is not
// installed, loads the layer and sets up PostgreSQL (no connection is opened).
const POSTGRES_ONLY = `
  const Module = require('node:module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'sqlite3') throw new Error('sqlite3 is not installed');
    return load.call(this, request, ...rest);
  };
  require('ts-node/register/transpile-only');
  const { createKnex, dialectOf } = require('./lib');
  const knex = createKnex('postgres://postgres@127.0.0.1:1/never_opened');
  console.log(dialectOf(knex).name, dialectOf(knex).maxBindings);
  knex.destroy();
`;

describe('Database | sqlite3 is an optional peer', () => {
  it('loads the layer and sets up PostgreSQL where sqlite3 cannot be loaded', async () => {
    const { stdout } = await run(process.execPath, ['-e', POSTGRES_ONLY], { cwd: root });
    expect(stdout.trim()).to.equal('postgres 65535');
  });
});
