import {
  type Estimate,
  median,
  medianWithInterval,
  p95,
  ratiosOfSharedRounds,
  relativeSpread,
} from './stats';
import type { Measurement, MemoryGrowth, RunSample } from './workload';

export type DialectName = 'sqlite' | 'postgres';

/** A contender's cost over another's, per round: CPU time and wall time, each with its interval. */
export interface CostRatios {
  readonly cpu: Estimate;
  readonly wall: Estimate;
}

/** One line of bench/results.json: one contender in one workload on one dialect. */
export interface ResultRow {
  readonly workload: string;
  /** The full-size workload this one stands in for in a quick run, if smaller. */
  readonly reduced_from?: string;
  readonly dialect: DialectName;
  readonly contender: string;
  readonly rounds: number;
  /** How many runs each round's sample is the mean of (see `RunOptions.minSampleCpuMs`). */
  readonly runs_per_sample?: number;
  /** Medians over the rounds, per run. */
  readonly wall_ms: number;
  readonly cpu_ms: number;
  /** V8's background compiler's CPU time, kept out of `cpu_ms` (see `cpuClock`). */
  readonly compiler_cpu_ms?: number;
  readonly wall_p95_ms: number;
  /** The noise of this contender's runs: interquartile range over median, of each. */
  readonly cpu_spread: number;
  readonly wall_spread: number;
  /** Statements per run (HTTP: per request), the median over the rounds. */
  readonly queries: number;
  /**
   * Cost over knex's (and the raw driver's) in the same round, summarised as the median with a
   * 95 % bootstrap interval. HTTP workloads: every server answers the same number of requests
   * per round, so these are CPU time per request and wall time per request.
   */
  readonly vs_knex: CostRatios | null;
  readonly vs_driver: CostRatios | null;
  /** HTTP workloads: requests/s, and requests per CPU-second and per second over knex's. */
  readonly requests_per_s?: number;
  readonly cpu_ms_per_request?: number;
  readonly throughput_vs_knex?: CostRatios;
  /** Memory workloads: growth, and growth over knex's. */
  readonly memory?: MemoryGrowth;
  readonly memory_vs_knex?: { peak_rss: number | null; peak_heap: number | null };
  /** Every measured round, in order, for any analysis the table does not make. */
  readonly samples: readonly RunSample[];
  /** Per round, the mean of knex's turns on either side of this contender's (see `runRounds`). */
  readonly knex_beside?: readonly RunSample[];
}

const cpuOf = (samples: readonly RunSample[]) => samples.map((s) => s.cpu_ms);
const wallOf = (samples: readonly RunSample[]) => samples.map((s) => s.wall_ms);

/** `samples` over `reference`'s, round by round (the rounds both ran), or the inverse. */
function ratiosByRound(
  samples: readonly RunSample[],
  reference: readonly RunSample[],
  of: (s: readonly RunSample[]) => number[],
  inverse: boolean,
): number[] {
  return inverse
    ? ratiosOfSharedRounds(of(reference), of(samples))
    : ratiosOfSharedRounds(of(samples), of(reference));
}

/**
 * `samples` over `reference`'s round by round (the rounds both ran), as CPU and wall ratios with
 * their intervals.
 * `inverse` gives the reference's over these instead (a throughput, where higher is better).
 */
export function costRatios(
  samples: readonly RunSample[],
  reference: readonly RunSample[],
  inverse = false,
): CostRatios {
  const ratio = (of: (s: readonly RunSample[]) => number[]) =>
    medianWithInterval(ratiosByRound(samples, reference, of, inverse));
  return { cpu: ratio(cpuOf), wall: ratio(wallOf) };
}

/** A contender's samples and, where `runRounds` measured them, knex's turns beside them. */
export interface PairedSamples {
  readonly contender: string;
  readonly samples: readonly RunSample[];
  readonly knexBeside?: readonly RunSample[];
}

/**
 * A contender's samples in knex's units, round by round: each over the mean of knex's turns
 * beside it. Knex's own are 1.
 */
function inKnexUnits({ contender, samples, knexBeside }: PairedSamples): RunSample[] {
  if (contender === 'knex') return samples.map((s) => ({ ...s, wall_ms: 1, cpu_ms: 1 }));
  if (!knexBeside) throw new Error(`${contender}: no knex turns beside its samples`);
  return samples.map((s, round) => ({
    ...s,
    wall_ms: s.wall_ms / knexBeside[round]!.wall_ms,
    cpu_ms: s.cpu_ms / knexBeside[round]!.cpu_ms,
  }));
}

/**
 * The samples `measured`'s cost is compared by, and `reference`'s. Where they ran with knex's
 * turns beside them (see `runRounds`), each in knex's units first, (A / knex beside A) over
 * (B / knex beside B), so that each side compares runs milliseconds apart, not seconds; against
 * knex itself that is A over knex beside A. Otherwise (HTTP, replica reads) the plain samples,
 * compared round by round.
 */
function comparedSamples(
  measured: PairedSamples,
  reference: PairedSamples,
): [readonly RunSample[], readonly RunSample[]] {
  return measured.knexBeside || reference.knexBeside
    ? [inKnexUnits(measured), inKnexUnits(reference)]
    : [measured.samples, reference.samples];
}

/** `measured`'s cost over `reference`'s, round by round (see `comparedSamples`). */
export function costRatiosBetween(
  measured: PairedSamples,
  reference: PairedSamples,
  inverse = false,
): CostRatios {
  return costRatios(...comparedSamples(measured, reference), inverse);
}

/** The per-round CPU-time ratios whose median `costRatiosBetween` reports. */
export function cpuRatiosByRound(
  measured: PairedSamples,
  reference: PairedSamples,
  inverse = false,
): number[] {
  return ratiosByRound(...comparedSamples(measured, reference), cpuOf, inverse);
}

/** A row of results.json as `PairedSamples`. */
export function pairedSamplesOf(row: ResultRow): PairedSamples {
  return { contender: row.contender, samples: row.samples, knexBeside: row.knex_beside };
}

function ratioOrNull(value: number | undefined, base: number | undefined): number | null {
  return value === undefined || base === undefined || base === 0 ? null : value / base;
}

/** Rows for one workload's measurements, with their ratios to the knex and driver contenders. */
export function rowsOf(
  workload: { name: string; reducedFrom?: string },
  dialect: DialectName,
  measurements: Measurement[],
): ResultRow[] {
  const of = (name: string) => measurements.find((m) => m.contender === name);
  const knex = of('knex');
  const driver = of('driver');
  return measurements.map((m) => {
    const requests = m.samples[0]?.requests;
    const wallMs = median(wallOf(m.samples));
    const cpuMs = median(cpuOf(m.samples));
    return {
      workload: workload.name,
      ...(workload.reducedFrom ? { reduced_from: workload.reducedFrom } : {}),
      dialect,
      contender: m.contender,
      rounds: m.samples.length,
      ...(m.runsPerSample && m.runsPerSample > 1 ? { runs_per_sample: m.runsPerSample } : {}),
      wall_ms: wallMs,
      cpu_ms: cpuMs,
      ...(m.samples.some((s) => s.compiler_cpu_ms !== undefined)
        ? { compiler_cpu_ms: median(m.samples.map((s) => s.compiler_cpu_ms ?? 0)) }
        : {}),
      wall_p95_ms: p95(wallOf(m.samples)),
      cpu_spread: relativeSpread(cpuOf(m.samples)),
      wall_spread: relativeSpread(wallOf(m.samples)),
      queries: Math.round(median(m.samples.map((s) => s.statements))),
      vs_knex: knex ? costRatiosBetween(m, knex) : null,
      vs_driver: driver ? costRatiosBetween(m, driver) : null,
      ...(requests === undefined
        ? {}
        : {
            requests_per_s: median(m.samples.map((s) => (s.requests! * 1000) / s.wall_ms)),
            cpu_ms_per_request: median(m.samples.map((s) => s.cpu_ms / s.requests!)),
            ...(knex ? { throughput_vs_knex: costRatiosBetween(m, knex, true) } : {}),
          }),
      ...(m.memory
        ? {
            memory: m.memory,
            memory_vs_knex: {
              peak_rss: ratioOrNull(m.memory.peak_rss_mb, knex?.memory?.peak_rss_mb),
              peak_heap: ratioOrNull(m.memory.peak_heap_mb, knex?.memory?.peak_heap_mb),
            },
          }
        : {}),
      samples: m.samples,
      ...(m.knexBeside ? { knex_beside: m.knexBeside } : {}),
    };
  });
}

/** What one dialect's process hands back to the command. */
export interface DialectResults {
  readonly dialect: DialectName;
  readonly database: string;
  readonly rows: ResultRow[];
  /**
   * Whether the CPU clock told V8's background compiler apart and left it out (see `cpuClock`);
   * if not, the CPU times are every thread's.
   */
  readonly compiler_told_apart: boolean;
  /** Seconds the dialect's process spent on each workload, loading included. */
  readonly seconds: Record<string, number>;
}
