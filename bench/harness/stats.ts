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
