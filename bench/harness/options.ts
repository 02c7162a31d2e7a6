import type { DialectName } from './results';

export interface BenchOptions {
  readonly mode: 'full' | 'quick';
  readonly rounds: number;
  readonly warmup: number;
  /**
   * The measured rounds of the slow peers (`SLOW_PEERS`), which then stop while the others go
   * on: their runs are 2 to 20 times knex's and took most of a full run's time, and their ratios
   * are far enough from the layer's for fewer rounds to tell (their rows say how many ran).
   */
  readonly slowPeerRounds: number;
  /**
   * The CPU time a sample is to cost at least (see `RunOptions.minSampleCpuMs`): in a full run
   * 20 ms, in a quick run 0 (one run per sample); `--min-sample-ms N` sets it.
   */
  readonly minSampleCpuMs: number;
  /**
   * The CPU time each contender warms up for, at least (see `RunOptions.warmupCpuMs`): in a full
   * run 2,000 ms, in a quick run 50 ms; `--warmup-ms N` sets it.
   */
  readonly warmupCpuMs: number;
  /**
   * `--agree-within W [--agreement-budget-s S]`: after its rounds, each workload's layer goes on
   * alone with knex beside it until two runs would agree on its CPU ratio within ±W 19 times in
   * 20, or for S seconds (default 120) at most (see `RunOptions.agreement`). Off by default.
   */
  readonly agreement?: { readonly within: number; readonly budgetMs: number };
  /** Run only the workloads whose names start with one of these. */
  readonly only: string[];
  readonly dialects: DialectName[];
  /** Run the dialects' processes at the same time, sharing the machine. */
  readonly concurrent: boolean;
  /** Pin the SQLite process to one CPU (see `sqliteCpu`); `--no-pin` turns it off. */
  readonly pin: boolean;
}

function valueOf(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}

/**
 * `--quick` (10 rounds instead of 20, shorter warm-ups, one run per sample and smaller inputs,
 * both dialects at once unless `--sequential`: it checks the benchmark in under 3 minutes; the
 * slow peers measure 10 rounds either way), `--only pk-lookup,eager`, `--dialect
 * sqlite|postgres` (default: both, SQLite first), `--no-pin` (see `sqliteCpu`), `--concurrent`
 * (both dialects at once: half the time, noisier ratios), `--agree-within W` (see
 * `BenchOptions.agreement`), and for experiments `--rounds N`,
 * `--warmup N` (runs, at least), `--warmup-ms N` and `--min-sample-ms N`.
 */
export function parseOptions(args: string[]): BenchOptions {
  const isQuick = args.includes('--quick');
  const dialect = valueOf(args, '--dialect');
  const within = valueOf(args, '--agree-within');
  if (dialect !== undefined && dialect !== 'sqlite' && dialect !== 'postgres') {
    throw new Error(`--dialect ${dialect}: use sqlite or postgres`);
  }
  return {
    mode: isQuick ? 'quick' : 'full',
    rounds: Number(valueOf(args, '--rounds') ?? (isQuick ? 10 : 20)),
    warmup: Number(valueOf(args, '--warmup') ?? (isQuick ? 1 : 3)),
    slowPeerRounds: 10,
    minSampleCpuMs: Number(valueOf(args, '--min-sample-ms') ?? (isQuick ? 0 : 20)),
    warmupCpuMs: Number(valueOf(args, '--warmup-ms') ?? (isQuick ? 50 : 2000)),
    ...(within === undefined
      ? {}
      : {
          agreement: {
            within: Number(within),
            budgetMs: 1000 * Number(valueOf(args, '--agreement-budget-s') ?? 120),
          },
        }),
    only: (valueOf(args, '--only') ?? '').split(',').filter(Boolean),
    dialects: dialect ? [dialect] : ['sqlite', 'postgres'],
    concurrent: args.includes('--concurrent') || (isQuick && !args.includes('--sequential')),
    pin: !args.includes('--no-pin'),
  };
}

/** The arguments that pass the same options on to a dialect's process. */
export function forwardedArgs(options: BenchOptions): string[] {
  return [
    ...(options.mode === 'quick' ? ['--quick'] : []),
    ...(options.only.length ? ['--only', options.only.join(',')] : []),
    ...['--rounds', String(options.rounds), '--warmup', String(options.warmup)],
    ...['--min-sample-ms', String(options.minSampleCpuMs)],
    ...['--warmup-ms', String(options.warmupCpuMs)],
    ...(options.agreement
      ? [
          ...['--agree-within', String(options.agreement.within)],
          ...['--agreement-budget-s', String(options.agreement.budgetMs / 1000)],
        ]
      : []),
  ];
}
