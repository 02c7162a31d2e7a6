import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { ESLint } from 'eslint';
import prettier from 'prettier';
import { sqliteScratchUrl } from '../support/dialects';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const KNEX_BIN = path.join(ROOT, 'node_modules', '.bin', 'knex');
const TSC_BIN = path.join(ROOT, 'node_modules', '.bin', 'tsc');

// Inside the project (gitignored), so that `knex` and its typings resolve as they do for
// migrations/ and seeds/.
function scratchFolder(): string {
  const folder = path.join(ROOT, '.scratch', `stubs-${process.pid}`);
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}

/** A knexfile that is the project's, but writes new files into `folder`. */
function knexfileInto(folder: string): string {
  const file = path.join(folder, 'knexfile.ts');
  const projectKnexfile = path.relative(folder, path.join(ROOT, 'knexfile')).replaceAll('\\', '/');
  fs.writeFileSync(
    file,
    `import config = require('${projectKnexfile}');\n` +
      `export = {\n` +
      `  ...config,\n` +
      `  migrations: { ...config.migrations, directory: __dirname },\n` +
      `  seeds: { ...config.seeds, directory: __dirname },\n` +
      `};\n`,
  );
  return file;
}

describe('knex CLI | migrate:make and seed:make write files that pass the project’s checks', function () {
  this.timeout(120_000);
  let folder: string;
  let generated: string[];

  before(async () => {
    folder = scratchFolder();
    const knexfile = knexfileInto(folder);
    const env = { ...process.env, DATABASE_URL: sqliteScratchUrl('stubs') };
    for (const command of ['migrate:make', 'seed:make']) {
      await run(KNEX_BIN, ['--knexfile', knexfile, '--cwd', ROOT, command, 'add_examples'], {
        cwd: ROOT,
        env,
      });
    }
    generated = fs
      .readdirSync(folder)
      .filter((file) => file !== 'knexfile.ts')
      .map((file) => path.join(folder, file));
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('writes a timestamped migration and a seed, in TypeScript, in Knex’s typed shape', () => {
    const names = generated.map((file) => path.basename(file)).sort();
    expect(names).to.have.length(2);
    expect(names[0]).to.match(/^\d{14}_add_examples\.ts$/);
    expect(names[1]).to.equal('add_examples.ts');

    const [migration, seed] = names.map((name) => fs.readFileSync(path.join(folder, name), 'utf8'));
    expect(migration).to.include('export async function up(knex: Knex): Promise<void> {');
    expect(migration).to.include('export async function down(knex: Knex): Promise<void> {');
    expect(seed).to.include('export async function seed(knex: Knex): Promise<void> {');
  });

  it('type-checks them with the project’s compiler options', async () => {
    const result = await run(
      TSC_BIN,
      [
        '--noEmit',
        '--strict',
        '--noUncheckedIndexedAccess',
        '--module',
        'commonjs',
        '--target',
        'ES2022',
        '--moduleResolution',
        'node',
        '--esModuleInterop',
        '--skipLibCheck',
        '--types',
        'node',
        ...generated,
      ],
      { cwd: ROOT },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));

    expect(result.stdout).to.equal('');
  });

  it('passes the project’s ESLint and Prettier, as files of migrations/ and seeds/', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    for (const file of generated) {
      const source = fs.readFileSync(file, 'utf8');
      const folderOfItsKind = /\d{14}_/.test(path.basename(file)) ? 'migrations' : 'seeds';
      const filePath = path.join(ROOT, folderOfItsKind, path.basename(file));
      const [report] = await eslint.lintText(source, { filePath });
      const options = await prettier.resolveConfig(filePath);

      expect(
        report?.messages.map((message) => `${message.ruleId}: ${message.message}`),
      ).to.deep.equal([]);
      expect(
        await prettier.check(source, { ...options, filepath: filePath }),
        path.basename(file),
      ).to.equal(true);
    }
  });
});
