import type { BenchContext } from './context';

export interface RunOptions {
  /** Measured rounds. */
  readonly rounds: number;
  /** Rounds run first and thrown away. */
  readonly warmup: number;
  /** Told what runs now, for the progress line. */
  readonly onProgress?: (status: string) => void;
}

/** One contender's numbers for one workload. */
export interface Measurement {
  readonly contender: string;
  /** HTTP workloads: the median over the rounds of each round's mean latency per request. */
  readonly median_ms: number;
  readonly p95_ms: number;
  /** Statements sent per run (BEGIN and COMMIT included), the median over the rounds. */
  readonly queries: number;
  readonly rounds: number;
  /** Memory workloads: peak growth of the resident set and of the V8 heap during the load, and the heap the result keeps alive. */
  readonly peak_rss_mb?: number;
  readonly peak_heap_mb?: number;
  readonly retained_heap_mb?: number;
  /** HTTP workloads: requests per second under load, the median over the rounds. */
  readonly requests_per_s?: number;
}

/**
 * A benchmark workload. Most are built with `roundsWorkload`; one with another way of measuring
 * (memory in child processes, an HTTP load generator) implements `run` itself, in a file of its
 * own listed in `workloads/index.ts`.
 */
export interface Workload {
  readonly name: string;
  run(ctx: BenchContext, options: RunOptions): Promise<Measurement[]>;
}
