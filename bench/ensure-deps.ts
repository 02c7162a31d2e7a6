import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The benchmark's own dependencies (Sequelize, TypeORM) live in bench/ with their own lockfile,
// so that the project's install does not grow. This installs them when they are missing or
// older than the lockfile; `npm test` and `npm run bench` call it first.
const BENCH = __dirname;
const lockfile = path.join(BENCH, 'package-lock.json');
const installed = path.join(BENCH, 'node_modules', '.package-lock.json');

const isCurrent =
  fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lockfile).mtimeMs;

if (!isCurrent) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { status } = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
    cwd: BENCH,
    stdio: 'inherit',
  });
  if (status !== 0) process.exitCode = status ?? 1;
}
