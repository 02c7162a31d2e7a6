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
  /** Run only the workloads whose names start with one of these. */
  readonly only: string[];
  readonly dialects: DialectName[];
  /** Run the dialects' processes at the same time, sharing the machine. */
  readonly concurrent: boolean;
}

function valueOf(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}

/**
 * `--quick` (10 rounds after 1 warm-up instead of 30 after 3, and smaller inputs; the slow peers
 * measure 10 rounds either way), `--only
 * pk-lookup,eager`, `--dialect sqlite|postgres` (default: both, SQLite first), `--concurrent`
 * (both dialects at once: half the time, noisier ratios).
 */
export function parseOptions(args: string[]): BenchOptions {
  const isQuick = args.includes('--quick');
  const dialect = valueOf(args, '--dialect');
  if (dialect !== undefined && dialect !== 'sqlite' && dialect !== 'postgres') {
    throw new Error(`--dialect ${dialect}: use sqlite or postgres`);
  }
  return {
    mode: isQuick ? 'quick' : 'full',
    rounds: isQuick ? 10 : 30,
    warmup: isQuick ? 1 : 3,
    slowPeerRounds: 10,
    only: (valueOf(args, '--only') ?? '').split(',').filter(Boolean),
    dialects: dialect ? [dialect] : ['sqlite', 'postgres'],
    concurrent: args.includes('--concurrent'),
  };
}

/** The arguments that pass the same options on to a dialect's process. */
export function forwardedArgs(options: BenchOptions): string[] {
  return [
    ...(options.mode === 'quick' ? ['--quick'] : []),
    ...(options.only.length ? ['--only', options.only.join(',')] : []),
  ];
}
