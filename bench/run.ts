import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pinnedCommand, sqliteCpu } from './harness/cpu-affinity';
import { environment } from './harness/environment';
import { type BenchOptions, forwardedArgs, parseOptions } from './harness/options';
import { resultsMarkdown, targetLines, terminalTable } from './harness/report';
import type { DialectResults } from './harness/results';

const HERE = __dirname;

/**
 * Runs one dialect's process, on CPU `cpu` if not null; the rows it measured, or null if it
 * failed. `isConcurrent`: another dialect's process shares the terminal, so progress comes as
 * whole lines, not a rewritten one.
 */
function runDialect(
  dialect: string,
  options: BenchOptions,
  isConcurrent: boolean,
  cpu: number | null,
): Promise<DialectResults | null> {
  const out = path.join(os.tmpdir(), `relational-layer-bench-${process.pid}-${dialect}.json`);
  const [command, ...args] = pinnedCommand(cpu, process.execPath, [
    '--expose-gc',
    // The collector's work stays on the JavaScript thread, where the CPU clock counts it.
    '--single-threaded-gc',
    '-r',
    'ts-node/register',
    path.join(HERE, 'dialect-run.ts'),
    '--dialect',
    dialect,
    '--out',
    out,
    ...(isConcurrent ? ['--progress-lines'] : []),
    ...forwardedArgs(options),
  ]);
  const env = cpu === null ? process.env : { ...process.env, BENCH_PINNED_CPU: String(cpu) };
  const child = spawn(command, args, { cwd: path.resolve(HERE, '..'), stdio: 'inherit', env });
  return new Promise((resolve) => {
    child.on('close', (status) => {
      if (status !== 0 || !fs.existsSync(out)) return resolve(null);
      const results = JSON.parse(fs.readFileSync(out, 'utf8')) as DialectResults;
      fs.rmSync(out);
      resolve(results);
    });
  });
}

/**
 * Every dialect's results, in the order of `options.dialects`: one dialect after the other, so
 * that neither shares the two cores with the other, or with `--concurrent` both at once, in half
 * the time (the ratios are still paired within each dialect, round by round, but noisier).
 */
async function runDialects(
  options: BenchOptions,
  sqlitePin: number | null,
): Promise<Array<DialectResults | null>> {
  const cpuOf = (dialect: string) => (dialect === 'sqlite' ? sqlitePin : null);
  if (options.concurrent) {
    return Promise.all(
      options.dialects.map((dialect) => runDialect(dialect, options, true, cpuOf(dialect))),
    );
  }
  const all: Array<DialectResults | null> = [];
  for (const dialect of options.dialects) {
    all.push(await runDialect(dialect, options, false, cpuOf(dialect)));
  }
  return all;
}

/**
 * `npm run bench [-- --quick]`: one process per dialect, SQLite then PostgreSQL (at
 * BENCH_POSTGRES_URL), then bench/results.json and bench/RESULTS.md, and the whole run's wall
 * time. A quick run writes results.quick.json and RESULTS.quick.md instead, so that the
 * committed full results stay.
 */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sqlitePin = options.dialects.includes('sqlite') ? sqliteCpu(options.pin) : null;
  const started = Date.now();
  const measured = await runDialects(options, sqlitePin);
  const failed = options.dialects.filter((_, index) => !measured[index]);
  if (failed.length) {
    console.error(`The ${failed.join(' and ')} benchmark failed; nothing written.`);
    process.exitCode = 1;
    return;
  }
  const all = measured as DialectResults[];
  const seconds = Math.round((Date.now() - started) / 1000);
  for (const results of all) console.log(`${terminalTable(results)}\n`);
  const env = environment();
  const generatedAt = new Date().toISOString();
  const suffix = options.mode === 'quick' ? '.quick' : '';
  const json = {
    generated_at: generatedAt,
    mode: options.mode,
    rounds: options.rounds,
    slow_peer_rounds: options.slowPeerRounds,
    min_sample_cpu_ms: options.minSampleCpuMs,
    ...(options.agreement
      ? {
          agree_within: options.agreement.within,
          agreement_budget_s: options.agreement.budgetMs / 1000,
        }
      : {}),
    warmup: options.warmup,
    warmup_cpu_ms: options.warmupCpuMs,
    dialects_concurrent: options.concurrent,
    sqlite_pinned_cpu: sqlitePin,
    seconds,
    workload_seconds: Object.fromEntries(all.map((results) => [results.dialect, results.seconds])),
    ...env,
    databases: Object.fromEntries(all.map((results) => [results.dialect, results.database])),
    results: all.flatMap((results) => results.rows),
  };
  fs.writeFileSync(path.join(HERE, `results${suffix}.json`), `${JSON.stringify(json, null, 2)}\n`);
  const description = {
    mode: options.mode,
    rounds: options.rounds,
    slowPeerRounds: options.slowPeerRounds,
    minSampleCpuMs: options.minSampleCpuMs,
    agreement: options.agreement,
    warmup: options.warmup,
    warmupCpuMs: options.warmupCpuMs,
    concurrent: options.concurrent,
    sqlitePinnedCpu: sqlitePin,
    generatedAt,
    seconds,
    environment: [
      `Machine: ${env.machine.cpus} × ${env.machine.cpu_model}, ${env.machine.memory_gb} GB, ${env.machine.os} (${env.machine.arch})`,
      `Node ${env.node}; ${Object.entries(env.packages)
        .map(([name, version]) => `${name} ${version}`)
        .join(', ')}`,
      `Databases: ${all.map((results) => `${results.dialect} ${results.database}`).join(', ')}`,
    ],
  };
  fs.writeFileSync(path.join(HERE, `RESULTS${suffix}.md`), resultsMarkdown(description, all));
  const dialects = all.map((results) => results.dialect);
  console.log('Targets:');
  for (const [name, limit, ...verdicts] of targetLines(json.results, dialects)) {
    console.log(
      `  ${name} (${limit}): ${verdicts.map((v, i) => `${dialects[i]} ${v}`).join('; ')}`,
    );
  }
  console.log(
    `\nMeasured in ${seconds} s; wrote bench/results${suffix}.json and bench/RESULTS${suffix}.md.`,
  );
}

void main();
