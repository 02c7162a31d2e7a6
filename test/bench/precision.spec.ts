import { expect } from 'chai';
import { agreementChance, agreementPrecision } from '../../bench/harness/precision';
import { median, medianStandardError, seededRandom } from '../../bench/harness/stats';

/** `count` per-round ratios around 1.2, spread evenly over a band `width` wide. */
function ratios(count: number, width: number, seed = 5): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => 1.2 + (random() - 0.5) * width);
}

describe('Benchmark | precision of a run', () => {
  describe('standard error of the median', () => {
    it('is zero when every round agrees', () => {
      expect(medianStandardError([1.1, 1.1, 1.1, 1.1])).to.be.closeTo(0, 1e-12);
    });

    it('shrinks with the square root of the rounds', () => {
      // Averaged over a few runs each: one run's estimate is itself noisy.
      const averaged = (rounds: number) =>
        [1, 2, 3, 4, 5, 6].reduce(
          (sum, seed) => sum + medianStandardError(ratios(rounds, 0.4, seed)),
          0,
        );

      // Sixteen times the rounds: a quarter of the error.
      expect(averaged(25) / averaged(400)).to.be.within(3.2, 4.8);
    });

    it('grows with the spread of the rounds', () => {
      expect(medianStandardError(ratios(40, 0.4))).to.be.greaterThan(
        5 * medianStandardError(ratios(40, 0.04)),
      );
    });

    it('matches how far apart the medians of independent runs actually fall', () => {
      // 300 runs of 20 rounds from one distribution: the spread of their medians is what the
      // bootstrap of a single run estimates.
      const random = seededRandom(17);
      const run = () => Array.from({ length: 20 }, () => 1.2 + (random() - 0.5) * 0.4);
      const medians = Array.from({ length: 300 }, () => median(run()));
      const mean = medians.reduce((sum, m) => sum + m, 0) / medians.length;
      const actual = Math.sqrt(medians.reduce((sum, m) => sum + (m - mean) ** 2, 0) / 300);
      const estimates = Array.from({ length: 20 }, () => medianStandardError(run()));
      const typical = estimates.sort((a, b) => a - b)[10]!;

      expect(typical / actual).to.be.within(0.7, 1.4);
    });
  });

  describe('rounds for two runs to agree', () => {
    it('asks for no more rounds than a run took when its median is already that precise', () => {
      const precise = agreementPrecision(ratios(20, 0.02), 0.05);

      expect(precise.standardError).to.be.below(precise.standardErrorNeeded);
      expect(precise.roundsNeeded).to.equal(20);
    });

    it('needs a standard error of w / (1.96 √2) for ±w', () => {
      expect(agreementPrecision(ratios(20, 0.2), 0.05).standardErrorNeeded).to.be.closeTo(
        0.018,
        0.0005,
      );
    });

    it('asks for four times the rounds when the standard error is twice the one needed', () => {
      const noisy = ratios(20, 0.6);
      const { standardError } = agreementPrecision(noisy, 0.05);
      // The ±w at which the standard error needed is half this run's.
      const within = (standardError / 2) * 1.96 * Math.SQRT2;
      const atTwice = agreementPrecision(noisy, within);

      expect(atTwice.roundsNeeded).to.be.within(79, 81);
    });

    it('holds runs drawn with the rounds it asks for within ±w most of the time', () => {
      const random = seededRandom(23);
      const draw = (count: number) =>
        Array.from({ length: count }, () => 1.2 + (random() - 0.5) * 0.6);
      const { roundsNeeded } = agreementPrecision(draw(20), 0.05);
      let agreeing = 0;
      for (let pair = 0; pair < 100; pair++) {
        if (Math.abs(median(draw(roundsNeeded)) - median(draw(roundsNeeded))) <= 0.05) agreeing++;
      }

      expect(roundsNeeded).to.be.greaterThan(20);
      expect(agreeing).to.be.at.least(85);
    });
  });

  describe('chance that two runs agree', () => {
    it('is certain without noise and falls as the standard error grows', () => {
      expect(agreementChance(0, 0.05)).to.equal(1);
      expect(agreementChance(0.01, 0.05)).to.be.above(0.99);
      expect(agreementChance(0.1, 0.05)).to.be.below(0.3);
    });

    it('is 95 % at the standard error the rounds are asked for', () => {
      const { standardErrorNeeded } = agreementPrecision(ratios(20, 0.2), 0.05);

      expect(agreementChance(standardErrorNeeded, 0.05)).to.be.closeTo(0.95, 0.001);
    });

    it('matches how often the medians of independent runs do agree', () => {
      const random = seededRandom(29);
      const run = () => median(Array.from({ length: 20 }, () => 1.2 + (random() - 0.5) * 0.4));
      let agreeing = 0;
      for (let pair = 0; pair < 400; pair++) if (Math.abs(run() - run()) <= 0.05) agreeing++;
      const { standardError } = agreementPrecision(
        Array.from({ length: 20 }, () => 1.2 + (random() - 0.5) * 0.4),
        0.05,
      );

      expect(agreeing / 400).to.be.closeTo(agreementChance(standardError, 0.05), 0.15);
    });
  });
});
