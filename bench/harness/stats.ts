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

/**
 * The `q` quantile (0 ≤ q ≤ 1) of already sorted values, interpolated between the two nearest
 * ranks (Hyndman and Fan's type 7, the default of R and NumPy).
 */
function quantileOfSorted(ordered: readonly number[], q: number): number {
  const position = (ordered.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, ordered.length - 1);
  return ordered[below]! + (ordered[above]! - ordered[below]!) * (position - below);
}

/** The `q` quantile (0 ≤ q ≤ 1), interpolated between the two nearest ranks. */
export function quantile(values: readonly number[], q: number): number {
  return quantileOfSorted(sorted(values), q);
}

/** The 95th percentile, nearest rank: the smallest sample at or above 95 % of them. */
export function p95(values: readonly number[]): number {
  const ordered = sorted(values);
  return ordered[Math.ceil(0.95 * ordered.length) - 1]!;
}

/**
 * How noisy the samples are: the interquartile range over the median (0.1: the middle half of
 * the samples lies within a band 10 % of the median wide). Unlike the coefficient of variation,
 * one preempted run does not dominate it.
 */
export function relativeSpread(values: readonly number[]): number {
  const ordered = sorted(values);
  const middle = median(ordered);
  if (middle === 0) return 0;
  return (quantileOfSorted(ordered, 0.75) - quantileOfSorted(ordered, 0.25)) / middle;
}

/**
 * mulberry32: a tiny seeded generator of numbers in [0, 1), so that whatever uses it (the
 * bootstrap, the random ids of a lookup) gives the same numbers for the same seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A median with its confidence interval. */
export interface Estimate {
  readonly median: number;
  /** The lower end of the interval. */
  readonly low: number;
  /** The upper end of the interval. */
  readonly high: number;
}

export interface BootstrapOptions {
  /** How many resamples; 2,000 puts the 2.5 % and 97.5 % ends on 50 resamples each. */
  readonly resamples?: number;
  /** The confidence level of the interval. */
  readonly level?: number;
  readonly seed?: number;
}

/**
 * The medians of `resamples` bootstrap resamples of `values` (each drawn with replacement, as
 * many values as there are), sorted, from a seeded generator: the same values always give the
 * same medians.
 */
function bootstrapMedians(values: readonly number[], resamples: number, seed: number): number[] {
  const random = seededRandom(seed);
  const medians = new Float64Array(resamples);
  const resample = new Array<number>(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) {
      resample[i] = values[Math.floor(random() * values.length)]!;
    }
    medians[r] = median(resample);
  }
  return Array.from(medians).sort((a, b) => a - b);
}

/**
 * The median of `values` with a percentile-bootstrap confidence interval: the interval between
 * the quantiles of the resamples' medians (see `bootstrapMedians`) that leave `(1 - level) / 2`
 * out on either side.
 *
 * @example
 * medianWithInterval([1.02, 0.98, 1.05, 1.01, 0.99]) // { median: 1.01, low: 0.99, high: 1.02 }
 */
export function medianWithInterval(
  values: readonly number[],
  { resamples = 2000, level = 0.95, seed = 1 }: BootstrapOptions = {},
): Estimate {
  const ordered = bootstrapMedians(values, resamples, seed);
  const tail = (1 - level) / 2;
  return {
    median: median(values),
    low: quantileOfSorted(ordered, tail),
    high: quantileOfSorted(ordered, 1 - tail),
  };
}

/**
 * The standard error of the median of `values`: the standard deviation of the resamples'
 * medians (see `bootstrapMedians`). It shrinks with the square root of the number of values.
 */
export function medianStandardError(
  values: readonly number[],
  { resamples = 2000, seed = 1 }: Omit<BootstrapOptions, 'level'> = {},
): number {
  const medians = bootstrapMedians(values, resamples, seed);
  const mean = medians.reduce((sum, m) => sum + m, 0) / medians.length;
  return Math.sqrt(medians.reduce((sum, m) => sum + (m - mean) ** 2, 0) / medians.length);
}

/**
 * Ratios paired by round: `numerators[i] / denominators[i]`, each contender's run over the
 * reference's run of the same round, so that what slowed a whole round down (another process,
 * a warm cache) divides out.
 *
 * @example
 * pairedRatios([12, 30, 11], [10, 25, 10]) // [1.2, 1.2, 1.1]
 */
export function pairedRatios(
  numerators: readonly number[],
  denominators: readonly number[],
): number[] {
  if (numerators.length !== denominators.length) {
    throw new Error(
      `ratios need one sample per round from both: ${numerators.length} vs ${denominators.length}`,
    );
  }
  return numerators.map((value, round) => value / denominators[round]!);
}

/**
 * `pairedRatios` over the rounds both ran: a contender measured in fewer rounds than the other
 * ran in the first ones (see `BenchOptions.slowPeerRounds`), so the two pair up there.
 *
 * @example
 * ratiosOfSharedRounds([12, 30], [10, 25, 10]) // [1.2, 1.2]
 */
export function ratiosOfSharedRounds(
  numerators: readonly number[],
  denominators: readonly number[],
): number[] {
  const shared = Math.min(numerators.length, denominators.length);
  return pairedRatios(numerators.slice(0, shared), denominators.slice(0, shared));
}
