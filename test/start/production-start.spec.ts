import { type ChildProcess, execFile, spawn } from 'node:child_process';
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
  sqliteFileOf,
  sqliteScratchUrl,
} from '../support/dialects';
import { fetchDocumented } from '../support/raw-answers';

const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

/** A copy of the working tree with its installed packages, as a clone after `npm ci` has them. */
async function copyOfProject(): Promise<string> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'production-start-'));
  const { stdout } = await run(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  for (const file of stdout
    .split('\0')
    .filter((name) => name !== '' && fs.existsSync(path.join(ROOT, name)))) {
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
  }
  await run('cp', ['-a', path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules')]);
  return copy;
}

interface Started {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  exited: Promise<number | null>;
  port: Promise<number>;
}

/** `npm start` in `cwd`, with `env` over this process's. */
function npmStart(cwd: string, env: Record<string, string>): Started {
  const child = spawn('npm', ['start', '--silent'], {
    cwd,
    env: { ...process.env, PORT: '0', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const port = new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (typeof entry.port === 'number') resolve(entry.port);
      }
    });
    void exited.then((code) => reject(new Error(`npm start exited with ${code}: ${errors}`)));
  });
  port.catch(() => undefined);
  return { child, lines, stderr: () => errors, exited, port };
}

// The production start the README documents: build, prune the development dependencies (the
// compiler, ts-node, pino-pretty), then `npm start`, which runs the compiled JavaScript.
describe('Start | production start: build, npm prune --omit=dev, npm start', function () {
  this.timeout(300_000);
  let project: string;
  let started: Started | undefined;

  before(async () => {
    project = await copyOfProject();
    await run('npm', ['run', '--silent', 'build'], { cwd: project });
    await run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], { cwd: project });
  });

  /**
   * What `npm install --omit=dev --no-save sqlite3` (or `better-sqlite3`, the run's SQLite
   * driver) gives a SQLite deployment after the prune: the driver is the deployer's choice, as a
   * host's, so the prune removed it. This project's build (and the packages it loads at run
   * time) stands in for that install, which would compile the native binding again.
   */
  function addSqliteDriver(driver: string): void {
    for (const name of [driver, 'bindings', 'file-uri-to-path']) {
      fs.cpSync(path.join(ROOT, 'node_modules', name), path.join(project, 'node_modules', name), {
        recursive: true,
      });
    }
  }

  after(() => fs.rmSync(project, { recursive: true, force: true }));

  afterEach(() => {
    if (started && started.child.exitCode === null) started.child.kill('SIGKILL');
    started = undefined;
  });

  it('leaves no compiler, ts-node, pino-pretty or SQLite driver behind, and what the server runs on', () => {
    for (const name of ['express', 'knex', 'objection', 'pg', 'pino']) {
      expect(fs.existsSync(path.join(project, 'node_modules', name)), name).to.equal(true);
    }
    for (const name of ['typescript', 'ts-node', 'pino-pretty', 'sqlite3', 'better-sqlite3']) {
      expect(fs.existsSync(path.join(project, 'node_modules', name)), name).to.equal(false);
    }
    expect(fs.existsSync(path.join(project, 'dist', 'scripts', 'start.js'))).to.equal(true);
  });

  // PostgreSQL first: it must start without any SQLite driver installed.
  for (const dialect of [...DIALECTS].reverse()) {
    it(`serves the API on ${dialectLabel(dialect)} and stops on SIGTERM`, async () => {
      if (dialect.name === 'sqlite') addSqliteDriver(sqliteDriverOf(dialect));
      const url =
        dialect.name === 'sqlite'
          ? sqliteScratchUrl('production', sqliteDriverOf(dialect))
          : await freshOwnDatabase(POSTGRES_URL, 'production');
      try {
        started = npmStart(project, { DATABASE_URL: url });
        const port = await started.port;
        const api = `http://127.0.0.1:${port}`;
        const shops = await fetchDocumented(api, '/shops/1?include=products');
        const health = await fetchDocumented(api, '/health');
        const shop = shops.json() as { name: string; products: unknown[] };
        started.child.kill('SIGTERM');

        expect(await started.exited).to.equal(0);
        expect(health.status).to.equal(200);
        expect(shop.name).to.be.a('string');
        expect(shop.products).to.have.length.greaterThan(0);
        expect(started.lines.map((line) => line.msg)).to.include.members([
          `listening on http://localhost:${port}`,
          'stopped',
        ]);
      } finally {
        if (dialect.name === 'postgres') await dropOwnDatabase(url);
      }
    });
  }

  it('reports every bad setting on a line of its own, exits 1 and opens no database', async () => {
    const file = sqliteScratchUrl('never-opened');
    started = npmStart(project, { DATABASE_URL: file, PORT: 'abc', LOG_LEVEL: 'loud' });

    expect(await started.exited).to.equal(1);
    expect(started.stderr().trim().split('\n')).to.deep.equal([
      'PORT="abc" is not a port: an integer from 0 to 65535 (0 picks a free one)',
      'LOG_LEVEL="loud" is not a log level: one of fatal, error, warn, info, debug, trace, silent',
    ]);
    expect(started.lines).to.deep.equal([]);
    expect(fs.existsSync(sqliteFileOf(file))).to.equal(false);
  });

  if (DIALECTS.some((dialect) => dialect.name === 'postgres')) {
    it('says that a PostgreSQL database does not exist, with the command that creates it', async () => {
      const missing = new URL(POSTGRES_URL);
      missing.pathname = `${missing.pathname}_never_created`;
      await dropOwnDatabase(missing.toString());
      started = npmStart(project, { DATABASE_URL: missing.toString() });

      expect(await started.exited).to.equal(1);
      const name = missing.pathname.slice(1);
      const fatal = started.lines.find((line) => line.level === 60);
      expect(fatal?.msg).to.equal(
        `The PostgreSQL database "${name}" does not exist on ${missing.hostname}:${missing.port || '5432'}: ` +
          `create it with \`createdb -h ${missing.hostname} -p ${missing.port || '5432'}${missing.username ? ` -U ${missing.username}` : ''} ${name}\`, then start again`,
      );
    });
  }
});
