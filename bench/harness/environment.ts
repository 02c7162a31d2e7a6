import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function versionOf(pkg: string): string {
  for (const base of [path.join(ROOT, 'node_modules'), path.join(ROOT, 'bench', 'node_modules')]) {
    const file = path.join(base, pkg, 'package.json');
    if (fs.existsSync(file))
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'not installed';
}

export const PACKAGES = [
  'knex',
  'objection',
  'pg',
  'sqlite3',
  'better-sqlite3',
  'kysely',
  'drizzle-orm',
  '@mikro-orm/core',
  'sequelize',
  'typeorm',
] as const;

/** The machine, Node and the packages a run used. */
export function environment() {
  const cpus = os.cpus();
  return {
    machine: {
      cpus: cpus.length,
      cpu_model: cpus[0]?.model ?? 'unknown',
      memory_gb: Math.round(os.totalmem() / 1024 ** 3),
      os: `${os.type()} ${os.release()}`,
      arch: os.arch(),
    },
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((pkg) => [pkg, versionOf(pkg)])),
  };
}
