function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no samples');
  return [...values].sort((a, b) => a - b);
}

/** The middle sample (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const ordered = sorted(values);
  const middle = Math.floor(ordered.length / 2);
  return ordered.length % 2 === 1
    ? ordered[middle]!
    : (ordered[middle - 1]! + ordered[middle]!) / 2;
}

/** The 95th percentile, nearest rank: the smallest sample at or above 95 % of them. */
export function p95(values: readonly number[]): number {
  const ordered = sorted(values);
  return ordered[Math.ceil(0.95 * ordered.length) - 1]!;
}

/**
 * One contender's measurement from its samples: median and p95 of the times, the median
 * statement count, and how many rounds there were.
 *
 * @example
 * summarise('knex', [4.1, 3.9, 4.4], [2, 2, 2]) // { contender: 'knex', median_ms: 4.1, … queries: 2, rounds: 3 }
 */
export function summarise(contender: string, ms: readonly number[], statements: readonly number[]) {
  return {
    contender,
    median_ms: median(ms),
    p95_ms: p95(ms),
    queries: Math.round(median(statements)),
    rounds: ms.length,
  };
}
