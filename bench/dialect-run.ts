// First: its census of the process's threads has to be taken before the libuv pool starts.
import { cpuClock } from './harness/cpu-clock';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { demoKnexConfig } from '../demo';
import { maintenanceTimeoutsFromEnv, truncateAllTables } from '../lib';
import { ensureOwnDatabase } from '../scripts/own-database';
import { openBenchContext } from './harness/context';
import { parseOptions } from './harness/options';
import { progressLine } from './harness/progress';
import { type DialectName, type DialectResults, type ResultRow, rowsOf } from './harness/results';
import { benchmarkWorkloads } from './workloads';

/**
 * Where the PostgreSQL half runs: a database of the benchmark's own, created when missing,
 * since the benchmark empties its tables (see `ensureOwnDatabase`).
 */
export const BENCH_POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/relational_layer_bench';

async function databaseVersion(knex: Knex, dialect: DialectName): Promise<string> {
  if (dialect === 'sqlite') {
    const [row] = (await knex.raw('select sqlite_version() as version')) as Array<{
      version: string;
    }>;
    return row!.version;
  }
  const result = (await knex.raw('show server_version')) as {
    rows: Array<{ server_version: string }>;
  };
  return result.rows[0]!.server_version;
}

/** One dialect's process: migrate, run every workload, print the table, hand the rows back. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const options = parseOptions(args);
  const dialect = options.dialects[0]!;
  const out = args[args.indexOf('--out') + 1]!;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'relational-layer-bench-'));
  const url =
    dialect === 'sqlite' ? `sqlite:${path.join(scratch, 'bench.sqlite3')}` : BENCH_POSTGRES_URL;
  if (dialect === 'postgres') await ensureOwnDatabase(url);
  // Large workloads (100,000 rows) run statements longer than a request's limit.
  const knex = knexFactory(demoKnexConfig(url, maintenanceTimeoutsFromEnv()));
  const progress = progressLine(`[${dialect}]`, !args.includes('--progress-lines'));
  try {
    await knex.migrate.latest();
    await truncateAllTables(knex);
    const ctx = await openBenchContext(url, knex);
    const rows: ResultRow[] = [];
    const seconds: Record<string, number> = {};
    try {
      for (const workload of benchmarkWorkloads(options)) {
        if (options.only.length && !options.only.some((name) => workload.name.startsWith(name)))
          continue;
        const started = performance.now();
        const measurements = await workload.run(ctx, { ...options, onProgress: progress.update });
        const took = (performance.now() - started) / 1000;
        seconds[workload.name] = took;
        progress.finished(workload.name, took);
        rows.push(...rowsOf(workload, dialect, measurements));
        await truncateAllTables(knex);
      }
    } finally {
      progress.end();
      await ctx.close();
    }
    const results: DialectResults = {
      dialect,
      database: await databaseVersion(knex, dialect),
      rows,
      compiler_told_apart: (await cpuClock()).tellsCompilerApart,
      seconds,
    };
    fs.writeFileSync(out, JSON.stringify(results));
  } finally {
    await knex.destroy();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
