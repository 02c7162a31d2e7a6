import type { BenchContext } from './context';

export interface RunOptions {
  /** Measured rounds. */
  readonly rounds: number;
  /**
   * Warm-up runs (or rounds, for workloads that measure their own way) before the measured
   * ones, thrown away: at least this many per contender.
   */
  readonly warmup: number;
  /**
   * And, for `roundsWorkload`s, until a contender's warm-up runs have cost this much CPU time
   * (see `warmUp` in rounds.ts); 0 or not given: `warmup` runs.
   */
  readonly warmupCpuMs?: number;
  /**
   * Measured rounds of the slow peers, the first ones (see `BenchOptions.slowPeerRounds`);
   * every round when not given.
   */
  readonly slowPeerRounds?: number;
  /**
   * A contender whose run costs less CPU time than this runs several times per sample (see
   * `runRounds`); 0 or not given: once.
   */
  readonly minSampleCpuMs?: number;
  /**
   * After the `rounds`, for `roundsWorkload`s: the layer goes on alone (with knex's turns beside
   * it) until its CPU ratio to knex is precise enough for two runs to agree within `±within` 19
   * times in 20, or until `budgetMs` of wall time has gone on those extra rounds (see
   * `extendUntilPrecise` in rounds.ts). Not given: `rounds` rounds and no more.
   */
  readonly agreement?: { readonly within: number; readonly budgetMs: number };
  /** Told what runs now, for the progress line. */
  readonly onProgress?: (status: string) => void;
}

/** What one contender's run in one measured round cost. */
export interface RunSample {
  /** Wall-clock time. */
  readonly wall_ms: number;
  /**
   * CPU time of this process during the run, user and system, every thread but V8's background
   * compiler (see `cpuClock`): on SQLite the database's own work too (it runs in the process, the
   * same for every contender); on PostgreSQL not the server's, which is the point: what a
   * contender costs is client-side.
   */
  readonly cpu_ms: number;
  /**
   * CPU time of V8's background compiler during the run, kept out of `cpu_ms` (see `cpuClock`);
   * absent where nothing measured it (the HTTP and memory workloads).
   */
  readonly compiler_cpu_ms?: number;
  /** Statements sent, BEGIN and COMMIT included (HTTP workloads: per request). */
  readonly statements: number;
  /** HTTP workloads: the requests answered, the same number for every server of a round. */
  readonly requests?: number;
  /** `replica-reads`: statements per request the primary and the replicas received under load. */
  readonly statements_per_request?: { primary: number; replicas: number };
}

/** Memory workloads: peak growth during one load, and what its result keeps alive. */
export interface MemoryGrowth {
  readonly peak_rss_mb: number;
  readonly peak_heap_mb: number;
  readonly retained_heap_mb: number;
}

/** One contender's numbers for one workload. */
export interface Measurement {
  readonly contender: string;
  /**
   * One per measured round it ran, in round order: every contender's i-th sample ran in round i
   * (a slow peer runs only the first rounds).
   */
  readonly samples: readonly RunSample[];
  /**
   * `roundsWorkload`s: per round, the mean of knex's turns right before and right after this
   * contender's (see `runRounds`), its ratios' reference; otherwise knex's own samples are.
   */
  readonly knexBeside?: readonly RunSample[];
  /** How many runs each sample is the mean of (see `RunOptions.minSampleCpuMs`); 1 when not given. */
  readonly runsPerSample?: number;
  /** Memory workloads: the median growth over the runs. */
  readonly memory?: MemoryGrowth;
}

/**
 * A benchmark workload. Most are built with `roundsWorkload`; one with another way of measuring
 * (memory in child processes, an HTTP load generator) implements `run` itself, in a file of its
 * own listed in `workloads/index.ts`.
 */
export interface Workload {
  readonly name: string;
  /**
   * The name of the workload at its full size, when this one runs a smaller input (`--quick`),
   * the same for all its contenders.
   */
  readonly reducedFrom?: string;
  run(ctx: BenchContext, options: RunOptions): Promise<Measurement[]>;
}
