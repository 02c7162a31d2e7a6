import { median, medianStandardError } from './stats';

/**
 * The two-sided 95 % point of the normal distribution. Two runs' medians, each with standard
 * error `se`, differ by an amount with standard deviation `se·√2`, so they agree within `±w`
 * 19 times in 20 when `1.96·√2·se ≤ w`.
 */
const Z_95 = 1.96;

/** How precisely a run measured one ratio, and how many rounds agreement would take. */
export interface AgreementPrecision {
  readonly rounds: number;
  readonly median: number;
  /** The bootstrap standard error of the median (see `medianStandardError`). */
  readonly standardError: number;
  /** The standard error at which two runs agree within `±within` 19 times in 20. */
  readonly standardErrorNeeded: number;
  /**
   * The rounds a run would need for that standard error, at the spread this one saw (never fewer
   * than it ran): the standard error of a median shrinks with the square root of the rounds.
   */
  readonly roundsNeeded: number;
  /** The chance that two runs like this one agree within `±within`. */
  readonly agreementChance: number;
}

/** The error function, to 1.5e-7 (Abramowitz and Stegun, 7.1.26). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return Math.sign(x) * (1 - poly * Math.exp(-x * x));
}

/**
 * The chance that two runs' medians, each with standard error `standardError`, differ by no more
 * than `within`: their difference is normal with standard deviation `standardError·√2`.
 */
export function agreementChance(standardError: number, within: number): number {
  return standardError === 0 ? 1 : erf(within / (2 * standardError));
}

/**
 * The precision of the median of `ratiosByRound` (one run's per-round ratios of one contender),
 * against the stability the benchmark is asked for: that any two runs agree within `±within`.
 *
 * @example
 * // 20 rounds whose median has a standard error of 0.036 need 80 for ±0.05.
 * agreementPrecision(ratios, 0.05).roundsNeeded
 */
export function agreementPrecision(
  ratiosByRound: readonly number[],
  within: number,
): AgreementPrecision {
  const rounds = ratiosByRound.length;
  const standardError = medianStandardError(ratiosByRound);
  const standardErrorNeeded = within / (Z_95 * Math.SQRT2);
  const scale = (standardError / standardErrorNeeded) ** 2;
  return {
    rounds,
    median: median(ratiosByRound),
    standardError,
    standardErrorNeeded,
    roundsNeeded: Math.max(rounds, Math.ceil(rounds * scale)),
    agreementChance: agreementChance(standardError, within),
  };
}
