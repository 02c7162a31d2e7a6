import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropOwnDatabase, ensureOwnDatabase } from '../own-database';
import type { TestOutcome } from './outcomes';
import { type Client, type Mode, parityEnvVariables } from './parity-env';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** A whole run of the suite takes minutes; one that has not ended after this has hung. */
const RUN_TIMEOUT_MS = 40 * 60 * 1000;

/** Where one run of the suite is told to go, and where its output lands. */
export interface SuiteRun {
  checkout: string;
  client: Client;
  mode: Mode;
  postgresUrl: string;
  /** The folder for the run's raw log (`<client>-<mode>.log`) and outcomes (`.jsonl`). */
  outputDir: string;
}

/** How a run of the suite ended: every test's outcome, or why there are none. */
export interface SuiteResult {
  outcomes: TestOutcome[];
  exitCode: number | null;
  logFile: string;
  /** Set when the run produced no outcomes or was stopped (it hung): its outcomes are partial. */
  failure?: string;
}

function mochaArguments(checkout: string): string[] {
  const resolveHere = (request: string) => require.resolve(request, { paths: [__dirname] });
  return [
    resolveHere('mocha/bin/mocha.js'),
    // The project's .mocharc.json is for the project's tests, not Objection's.
    '--no-config',
    '--no-package',
    '--require',
    require.resolve('ts-node/register', { paths: [PROJECT_ROOT] }),
    '--require',
    path.join(__dirname, 'suite-hooks.ts'),
    '--reporter',
    path.join(__dirname, 'result-reporter.ts'),
    // Objection's own settings for its suite (package.json's `test` script).
    '--slow',
    '10',
    '--timeout',
    '15000',
    '--exit',
    path.join(checkout, 'tests', 'integration', 'index.js'),
  ];
}

/** A fresh, empty database for the run: the suite's tables and sequences start from scratch. */
async function freshDatabase(run: SuiteRun): Promise<string> {
  if (run.client === 'sqlite3') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'objection-parity-'));
    return path.join(dir, 'objection_test.db');
  }
  await dropOwnDatabase(run.postgresUrl);
  await ensureOwnDatabase(run.postgresUrl);
  return '';
}

/**
 * Runs Objection's `tests/integration` suite from `run.checkout` once, in a mocha process of its
 * own (see `suite-hooks.ts`), on a fresh database, and collects every test's outcome. The raw
 * spec output is kept in the run's log file.
 */
export async function runSuite(run: SuiteRun): Promise<SuiteResult> {
  const name = `${run.client}-${run.mode}`;
  const logFile = path.join(run.outputDir, `${name}.log`);
  const resultsFile = path.join(run.outputDir, `${name}.jsonl`);
  fs.rmSync(resultsFile, { force: true });
  const sqliteFile = await freshDatabase(run);
  const env = {
    ...process.env,
    TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json'),
    ...parityEnvVariables({ ...run, sqliteFile, resultsFile }),
  };
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, mochaArguments(run.checkout), {
    cwd: run.checkout,
    env,
    stdio: ['ignore', log, log],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  fs.closeSync(log);
  if (sqliteFile) fs.rmSync(path.dirname(sqliteFile), { recursive: true, force: true });
  const lines = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8').split('\n') : [];
  const outcomes = lines.filter(Boolean).map((line) => JSON.parse(line) as TestOutcome);
  if (exitCode === null || outcomes.length === 0) {
    const how = exitCode === null ? 'was stopped' : `ended with exit code ${exitCode}`;
    return { outcomes, exitCode, logFile, failure: `the suite ${how}; see ${logFile}` };
  }
  return { outcomes, exitCode, logFile };
}
