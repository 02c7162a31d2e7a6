import type { Measurement } from './workload';

export type DialectName = 'sqlite' | 'postgres';

/** One line of bench/results.json. */
export interface ResultRow extends Measurement {
  readonly workload: string;
  readonly dialect: DialectName;
  /**
   * Median time over the knex contender's median time in the same workload and run; for HTTP
   * workloads, requests per second over those of the hand-written Express + Knex handler.
   */
  readonly ratio_vs_knex: number | null;
  readonly ratio_vs_driver: number | null;
  /** Memory workloads: peak resident-set and heap growth, and retained heap, over knex's. */
  readonly peak_rss_ratio_vs_knex?: number;
  readonly peak_heap_ratio_vs_knex?: number;
  readonly retained_heap_ratio_vs_knex?: number;
}

function ratio(value: number | undefined, base: number | undefined): number | null {
  return value === undefined || base === undefined || base === 0 ? null : value / base;
}

/** Rows for one workload's measurements, with their ratios to the knex and driver contenders. */
export function rowsOf(
  workload: string,
  dialect: DialectName,
  measurements: Measurement[],
): ResultRow[] {
  const of = (name: string) => measurements.find((m) => m.contender === name);
  const knex = of('knex');
  const driver = of('driver');
  return measurements.map((m) => ({
    workload,
    dialect,
    ...m,
    ratio_vs_knex:
      m.requests_per_s === undefined
        ? ratio(m.median_ms, knex?.median_ms)
        : ratio(m.requests_per_s, knex?.requests_per_s),
    ratio_vs_driver: ratio(m.median_ms, driver?.median_ms),
    ...(m.peak_rss_mb === undefined
      ? {}
      : {
          peak_rss_ratio_vs_knex: ratio(m.peak_rss_mb, knex?.peak_rss_mb) ?? undefined,
          peak_heap_ratio_vs_knex: ratio(m.peak_heap_mb, knex?.peak_heap_mb) ?? undefined,
          retained_heap_ratio_vs_knex:
            ratio(m.retained_heap_mb, knex?.retained_heap_mb) ?? undefined,
        }),
  }));
}

/** What one dialect's process hands back to the command. */
export interface DialectResults {
  readonly dialect: DialectName;
  readonly database: string;
  readonly rows: ResultRow[];
}
