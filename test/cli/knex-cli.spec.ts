import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { freshOwnDatabase } from '../../scripts/own-database';
import {
  dialectLabel,
  DIALECTS,
  POSTGRES_URL,
  sqliteDriverOf,
  sqliteScratchUrl,
  type TestDialect,
} from '../support/dialects';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const KNEX_BIN = path.join(ROOT, 'node_modules', '.bin', 'knex');

/** A database of its own for the CLI, so its rollbacks never touch the suite's schema. */
async function scratchUrl(dialect: TestDialect): Promise<string> {
  if (dialect.name === 'sqlite') return sqliteScratchUrl('cli', sqliteDriverOf(dialect));
  return freshOwnDatabase(POSTGRES_URL, 'cli');
}

async function knexCli(databaseUrl: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(KNEX_BIN, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return stdout;
}

for (const dialect of DIALECTS) {
  describe(`[${dialectLabel(dialect)}] knex CLI | plain commands, no extra flags`, function () {
    this.timeout(60_000);
    let databaseUrl: string;

    before(async function () {
      try {
        databaseUrl = await scratchUrl(dialect);
      } catch (error) {
        if (process.env.CI === 'true') throw error;
        console.warn(`    pending: ${dialect.name} is unreachable: ${String(error)}`);
        this.skip();
      }
    });

    it('migrate:latest, seed:run twice, migrate:rollback --all', async () => {
      expect(await knexCli(databaseUrl, 'migrate:latest')).to.match(/Batch 1 run: \d+ migrations/);
      expect(await knexCli(databaseUrl, 'seed:run')).to.match(/Ran 1 seed files/);
      expect(await knexCli(databaseUrl, 'seed:run')).to.match(/Ran 1 seed files/);
      expect(await knexCli(databaseUrl, 'migrate:rollback', '--all')).to.match(/rolled back/);
    });
  });
}

describe('knex CLI | scaffolding', function () {
  this.timeout(60_000);

  for (const [command, folder] of [
    ['migrate:make', 'migrations'],
    ['seed:make', 'seeds'],
  ] as const) {
    it(`${command} writes a TypeScript file into ${folder}/`, async () => {
      const name = `cli_probe_${process.pid}`;
      await knexCli(sqliteScratchUrl('scaffold'), command, name);
      const created = fs.readdirSync(path.join(ROOT, folder)).filter((file) => file.includes(name));
      try {
        expect(created).to.have.length(1);
        expect(created[0]).to.match(/\.ts$/);
      } finally {
        for (const file of created) fs.rmSync(path.join(ROOT, folder, file));
      }
    });
  }
});
