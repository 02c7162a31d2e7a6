/**
 * Run as a process of its own by cpu-clock.spec.ts: the clock's census has to see the process
 * before anything has used the libuv pool, which a mocha process has long since done.
 * `--pool-first` uses the pool before loading the clock. Prints what the clock measured.
 */
import fs from 'node:fs';
// Types only: the module itself loads late, on purpose (see `--pool-first`).
import type { CpuClock } from '../../../bench/harness/cpu-clock';

/** SQLite's work, done on a libuv pool thread while this thread waits. */
async function sqliteOnThePool(): Promise<{ clockMs: number; wallMs: number }> {
  const { cpuClock } = await import('../../../bench/harness/cpu-clock');
  const sqlite3 = await import('sqlite3');
  const clock = await cpuClock();
  const db = new sqlite3.default.Database(':memory:');
  const before = clock.read().ms;
  const start = performance.now();
  await new Promise<void>((resolve, reject) =>
    db.get(
      'with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000000) select sum(i) from n',
      (error: Error | null) => (error ? reject(error) : resolve()),
    ),
  );
  const result = { clockMs: clock.read().ms - before, wallMs: performance.now() - start };
  db.close();
  return result;
}

/** Work for V8's optimising compiler: many hot functions, each compiled on its own. */
function keepTheCompilerBusy(
  clock: CpuClock,
  processMs: () => number,
): {
  clockMs: number;
  compilerMs: number;
  processMs: number;
} {
  const before = clock.read();
  const processBefore = processMs();
  let total = 0;
  for (let index = 0; index < 400; index++) {
    const body = `let s = 0; for (let i = 0; i < n; i++) s += (i * ${index + 1}) % ${index + 7}; return s;`;
    const hot = new Function('n', body) as (n: number) => number;
    for (let call = 0; call < 200; call++) total += hot(500);
  }
  const after = clock.read();
  if (total < 0) throw new Error('unreachable: keeps the loops alive');
  return {
    clockMs: after.ms - before.ms,
    compilerMs: after.compilerMs - before.compilerMs,
    processMs: processMs() - processBefore,
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--pool-first')) {
    await fs.promises.stat(__filename);
  }
  const { cpuClock, processMs } = await import('../../../bench/harness/cpu-clock');
  const clock = await cpuClock();
  const pool = await sqliteOnThePool();
  const compiler = keepTheCompilerBusy(clock, processMs);
  process.stdout.write(
    JSON.stringify({ tellsCompilerApart: clock.tellsCompilerApart, pool, compiler }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
