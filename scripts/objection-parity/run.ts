import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadExpectedDifferences, matchExpected } from './differences';
import { compareRuns } from './outcomes';
import { type Client, CLIENTS, type Mode, MODES } from './parity-env';
import { printGroups, printVerdict } from './report';
import { runSuite, type SuiteResult } from './run-suite';

// Runs Objection 3.1.5's own integration suite twice per knex client, on vanilla Objection and
// with TestSession's models extending the layer's BaseModel, and compares the two against the
// committed list of expected differences. Exits non-zero on any other regression.
//
//   npx ts-node scripts/objection-parity/run.ts <checkout of objection 3.1.5>
//     [--clients sqlite3,pg,postgres] [--modes baseline,layer] [--output <dir>]
//
// PostgreSQL runs on OBJECTION_PARITY_POSTGRES_URL, a database the run creates and drops.

const USAGE =
  'usage: npx ts-node scripts/objection-parity/run.ts <objection-3.1.5 checkout> ' +
  '[--clients sqlite3,pg,postgres] [--modes baseline,layer] [--output <dir>]';
const PARITY_DIR = __dirname;
const PROJECT_ROOT = path.resolve(PARITY_DIR, '..', '..');
const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/relational_layer_objection_parity';

/** Installs the suite's test dependencies from this folder's lockfile when they are missing. */
function ensureDependencies(): void {
  const lockfile = path.join(PARITY_DIR, 'package-lock.json');
  const installed = path.join(PARITY_DIR, 'node_modules', '.package-lock.json');
  const isCurrent =
    fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lockfile).mtimeMs;
  if (isCurrent) return;
  const { status } = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: PARITY_DIR,
    stdio: 'inherit',
  });
  if (status !== 0) throw new Error(`npm ci in ${PARITY_DIR} failed`);
}

function listOf<T extends string>(value: string | undefined, known: readonly T[]): T[] {
  if (value === undefined) return [...known];
  const listed = value.split(',').map((item) => item.trim());
  const unknown = listed.filter((item) => !(known as readonly string[]).includes(item));
  if (unknown.length > 0)
    throw new Error(`unknown ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return listed as T[];
}

/** The checkout's path, refused unless it holds Objection 3.1.5's suite. */
function checkoutOf(argument: string | undefined): string {
  if (argument === undefined) throw new Error(USAGE);
  const checkout = path.resolve(argument);
  const manifest = path.join(checkout, 'package.json');
  const suite = path.join(checkout, 'tests', 'integration', 'index.js');
  if (!fs.existsSync(manifest) || !fs.existsSync(suite)) {
    throw new Error(`${checkout} is not a checkout of objection.js (no tests/integration)`);
  }
  const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, string>;
  if (name !== 'objection' || version !== '3.1.5') {
    throw new Error(`${checkout} holds ${name}@${version}, not objection@3.1.5`);
  }
  return checkout;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { clients: { type: 'string' }, modes: { type: 'string' }, output: { type: 'string' } },
  });
  const checkout = checkoutOf(positionals[0]);
  const clients = listOf<Client>(values.clients, CLIENTS);
  const modes = listOf<Mode>(values.modes, MODES);
  const outputDir = path.resolve(
    values.output ?? path.join(PROJECT_ROOT, '.scratch', 'objection-parity'),
  );
  const postgresUrl = process.env.OBJECTION_PARITY_POSTGRES_URL ?? DEFAULT_POSTGRES_URL;
  const differences = loadExpectedDifferences();
  ensureDependencies();
  fs.mkdirSync(outputDir, { recursive: true });

  let regressions = 0;
  for (const client of clients) {
    const results = new Map<Mode, SuiteResult>();
    for (const mode of modes) {
      const started = Date.now();
      const result = await runSuite({ checkout, client, mode, postgresUrl, outputDir });
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(
        `${client} ${mode}: ${result.outcomes.length} tests in ${seconds} s (${result.logFile})`,
      );
      if (result.failure) {
        console.log(`  ${result.failure}`);
        regressions++;
      }
      results.set(mode, result);
    }
    const baseline = results.get('baseline');
    const layer = results.get('layer');
    if (!baseline || !layer) continue;
    const comparison = compareRuns(baseline.outcomes, layer.outcomes);
    const matched = matchExpected(comparison.regressions, differences, client);
    printGroups(client, comparison);
    printVerdict(client, comparison, matched);
    regressions += matched.unexpected.length;
  }
  return regressions === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
