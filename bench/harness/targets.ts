import { PEERS } from './contenders';
import { costRatiosBetween, type DialectName, pairedSamplesOf, type ResultRow } from './results';
import type { Estimate } from './stats';

/**
 * A target's verdict: `holds` when the whole 95 % interval is on the right side of the limit,
 * `missed` when the median is on the wrong side, `unsettled` when the median holds but the
 * interval reaches past the limit (more rounds, or a quieter machine, would tell).
 */
export type Verdict = 'holds' | 'missed' | 'unsettled';

/** A target of the issue, checked on each dialect against the rows of one run. */
export interface Target {
  readonly name: string;
  readonly limit: string;
  /** The measured values per dialect, and the verdict; nothing when not measured. */
  check(rows: ResultRow[], dialect: DialectName): { value: string; verdict: Verdict } | null;
}

/** `1.03 [0.98–1.07]`: a median and its interval. */
export function formatEstimate({ median, low, high }: Estimate): string {
  return `${median.toFixed(2)} [${low.toFixed(2)}–${high.toFixed(2)}]`;
}

/** The verdict on a limit the estimate must stay at or under (a cost ratio). */
export function verdictAtMost(estimate: Estimate, limit: number): Verdict {
  if (estimate.high <= limit) return 'holds';
  return estimate.median > limit ? 'missed' : 'unsettled';
}

/** The verdict on a limit the estimate must reach (a throughput ratio). */
export function verdictAtLeast(estimate: Estimate, limit: number): Verdict {
  if (estimate.low >= limit) return 'holds';
  return estimate.median < limit ? 'missed' : 'unsettled';
}

/** The worst of several verdicts: one miss misses the target. */
function worst(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('missed')) return 'missed';
  return verdicts.includes('unsettled') ? 'unsettled' : 'holds';
}

function layerRows(rows: ResultRow[], dialect: DialectName, workload: RegExp) {
  return rows.filter(
    (r) => r.dialect === dialect && r.contender === 'layer' && workload.test(r.workload),
  );
}

/** The layer's CPU-time ratio to knex, per round, at most `limit` on every matching workload. */
function cpuRatioTarget(name: string, workload: RegExp, limit: number): Target {
  return {
    name,
    limit: `CPU ≤ ${limit.toFixed(2)} × knex`,
    check(rows, dialect) {
      const found = layerRows(rows, dialect, workload).filter((r) => r.vs_knex);
      if (found.length === 0) return null;
      return {
        value: found.map((r) => `${r.workload} ${formatEstimate(r.vs_knex!.cpu)}`).join(', '),
        verdict: worst(found.map((r) => verdictAtMost(r.vs_knex!.cpu, limit))),
      };
    },
  };
}

const throughputTarget: Target = {
  name: 'HTTP requests per CPU-second (vs a hand-written Express + Knex handler)',
  limit: '≥ 0.90 × Express + Knex',
  check(rows, dialect) {
    const found = layerRows(rows, dialect, /^http-/).filter((r) => r.throughput_vs_knex);
    if (found.length === 0) return null;
    return {
      value: found
        .map((r) => `${r.workload} ${formatEstimate(r.throughput_vs_knex!.cpu)}`)
        .join(', '),
      verdict: worst(found.map((r) => verdictAtLeast(r.throughput_vs_knex!.cpu, 0.9))),
    };
  },
};

const MEMORY_LIMIT = 1.2;

const memoryTarget: Target = {
  name: 'memory: peak heap and RSS growth while eager-loading 100k products',
  limit: `≤ ${MEMORY_LIMIT.toFixed(2)} × knex`,
  check(rows, dialect) {
    const found = layerRows(rows, dialect, /^memory-/).filter((r) => r.memory && r.memory_vs_knex);
    if (found.length === 0) return null;
    // RSS growth can be 0 MB for Knex (V8 reuses memory the process already holds), where a
    // ratio means nothing: then the layer's growth is compared in megabytes.
    const knexRss = (r: ResultRow) =>
      rows.find((k) => k.workload === r.workload && k.dialect === dialect && k.contender === 'knex')
        ?.memory?.peak_rss_mb ?? 0;
    const rss = (r: ResultRow) =>
      r.memory_vs_knex!.peak_rss !== null
        ? `${r.memory_vs_knex!.peak_rss.toFixed(2)}×`
        : `+${r.memory!.peak_rss_mb.toFixed(0)} MB vs Knex's +${knexRss(r).toFixed(0)} MB`;
    const rssHolds = (r: ResultRow) =>
      r.memory_vs_knex!.peak_rss !== null
        ? r.memory_vs_knex!.peak_rss <= MEMORY_LIMIT
        : r.memory!.peak_rss_mb <= MEMORY_LIMIT * knexRss(r) + 0.5;
    const heapHolds = (r: ResultRow) => (r.memory_vs_knex!.peak_heap ?? Infinity) <= MEMORY_LIMIT;
    return {
      value: found
        .map((r) => `heap ${(r.memory_vs_knex!.peak_heap ?? NaN).toFixed(2)}×, RSS ${rss(r)}`)
        .join('; '),
      verdict: found.every((r) => heapHolds(r) && rssHolds(r)) ? 'holds' : 'missed',
    };
  },
};

/**
 * The layer against each peer ORM or query builder on every workload both ran: faster when the
 * layer's CPU and wall time over the peer's, round by round, stay under 1 across the interval.
 */
const peersTarget: Target = {
  name: `faster than ${PEERS.join(', ')}`,
  limit: 'CPU and wall < 1 × the peer, every shared workload',
  check(rows, dialect) {
    const notFaster: string[] = [];
    const verdicts: Verdict[] = [];
    for (const peer of rows.filter((r) => r.dialect === dialect && PEERS.includes(r.contender))) {
      const layer = rows.find(
        (r) => r.dialect === dialect && r.workload === peer.workload && r.contender === 'layer',
      );
      if (!layer) continue;
      const ratios = costRatiosBetween(pairedSamplesOf(layer), pairedSamplesOf(peer));
      const verdict = worst([verdictAtMost(ratios.cpu, 1), verdictAtMost(ratios.wall, 1)]);
      verdicts.push(verdict);
      if (verdict !== 'holds') {
        notFaster.push(
          `${peer.workload} vs ${peer.contender} (${verdict}: CPU ${formatEstimate(ratios.cpu)}, wall ${formatEstimate(ratios.wall)})`,
        );
      }
    }
    if (verdicts.length === 0) return null;
    return {
      value:
        notFaster.length === 0 ? `faster in all ${verdicts.length}` : `not ${notFaster.join('; ')}`,
      verdict: worst(verdicts),
    };
  },
};

/** The targets for the layer: per-round CPU-time ratios, judged on their intervals. */
export const TARGETS: Target[] = [
  cpuRatioTarget('eager loading', /^eager-/, 1.05),
  cpuRatioTarget('primary-key lookup', /^pk-lookup/, 1.0),
  cpuRatioTarget('primary-key lookup (stretch: compiled-statement reuse)', /^pk-lookup/, 0.8),
  cpuRatioTarget('graph insert', /^graph-insert-/, 1.3),
  cpuRatioTarget('graph upsert', /^graph-upsert-/, 1.5),
  cpuRatioTarget(
    'cascade delete, audited (vs Knex writing the same audit rows)',
    /^cascade-delete-\d/,
    1.3,
  ),
  cpuRatioTarget(
    'cascade delete without audit (vs one DELETE + ON DELETE CASCADE)',
    /^cascade-delete-no-audit/,
    1.5,
  ),
  throughputTarget,
  memoryTarget,
  peersTarget,
];
