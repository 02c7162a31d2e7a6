import { expect } from 'chai';
import { costRatios, costRatiosBetween } from '../../bench/harness/results';
import {
  median,
  medianWithInterval,
  pairedRatios,
  quantile,
  relativeSpread,
  seededRandom,
} from '../../bench/harness/stats';
import { verdictAtLeast, verdictAtMost } from '../../bench/harness/targets';
import type { RunSample } from '../../bench/harness/workload';

const samples = (cpu: number[], wall: number[] = cpu): RunSample[] =>
  cpu.map((cpuMs, round) => ({ cpu_ms: cpuMs, wall_ms: wall[round]!, statements: 1 }));

describe('Benchmark | statistics', () => {
  describe('quantiles and spread', () => {
    it('interpolates quantiles between the nearest ranks', () => {
      expect(quantile([1, 2, 3, 4], 0.5)).to.equal(2.5);
      expect(quantile([4, 1, 3, 2], 0.25)).to.equal(1.75);
      expect(quantile([10, 20, 30, 40, 50], 0.75)).to.equal(40);
    });

    it('measures noise as the interquartile range over the median', () => {
      expect(relativeSpread([8, 9, 10, 11, 12])).to.equal(0.2);
      expect(relativeSpread([5, 5, 5])).to.equal(0);
    });

    it('keeps one preempted run from dominating the spread', () => {
      expect(relativeSpread([10, 10, 10, 10, 10, 10, 10, 1000])).to.equal(0);
    });
  });

  describe('bootstrap interval of the median', () => {
    const sample = [1.1, 0.97, 1.02, 1.31, 1.05, 0.99, 1.08, 1.01, 1.12, 1.04];

    it('gives the same interval for the same sample and seed', () => {
      expect(medianWithInterval(sample)).to.deep.equal(medianWithInterval(sample));
      expect(medianWithInterval(sample, { seed: 7 })).to.deep.equal(
        medianWithInterval([...sample], { seed: 7 }),
      );
    });

    it('brackets the sample median with ends taken from the sample', () => {
      const { median: middle, low, high } = medianWithInterval(sample);

      expect(middle).to.equal(1.045);
      expect(low).to.be.within(0.99, middle);
      expect(high).to.be.within(middle, 1.1);
    });

    it('pins the interval of a known sample with the default seed', () => {
      const { low, high } = medianWithInterval(sample);

      expect(low.toFixed(3)).to.equal('1.005');
      expect(high.toFixed(3)).to.equal('1.100');
    });

    it('collapses to the value when every round agrees', () => {
      expect(medianWithInterval([1.2, 1.2, 1.2, 1.2])).to.deep.equal({
        median: 1.2,
        low: 1.2,
        high: 1.2,
      });
    });

    it('widens with the noise of the rounds', () => {
      const random = seededRandom(3);
      const noisy = (width: number) =>
        Array.from({ length: 30 }, () => 1 + (random() - 0.5) * width);
      const quiet = medianWithInterval(noisy(0.1));
      const loud = medianWithInterval(noisy(1));

      expect(loud.high - loud.low).to.be.greaterThan(5 * (quiet.high - quiet.low));
    });

    it('covers the true median in most samples drawn around it', () => {
      // 200 samples of 30 rounds from a skewed distribution whose median is known (1.0).
      const random = seededRandom(11);
      const draw = () => Math.exp((random() + random() + random() - 1.5) * 0.2);
      let covered = 0;
      for (let trial = 0; trial < 200; trial++) {
        const rounds = Array.from({ length: 30 }, draw);
        const { low, high } = medianWithInterval(rounds, { resamples: 500, seed: trial });
        if (low <= 1 && 1 <= high) covered++;
      }

      expect(covered / 200).to.be.within(0.88, 0.99);
    });
  });

  describe('per-round pairing', () => {
    it('divides each round by the reference’s run of the same round', () => {
      expect(pairedRatios([12, 30, 11], [10, 25, 10])).to.deep.equal([1.2, 1.2, 1.1]);
    });

    it('refuses samples from different numbers of rounds', () => {
      expect(() => pairedRatios([1, 2], [1])).to.throw(/one sample per round/);
    });

    it('cancels what slowed a whole round down, which a ratio of medians does not', () => {
      // Round 2 ran while something else held the cores: both contenders took 10 times longer.
      const layer = samples([12, 120, 12.5]);
      const knex = samples([10, 100, 10.4]);

      const { cpu } = costRatios(layer, knex);

      expect(cpu.median).to.equal(1.2);
      expect(cpu.high - cpu.low).to.be.below(0.03);
      expect(median([12, 120, 12.5]) / median([10, 100, 10.4])).to.not.equal(1.2);
    });

    it('pairs CPU and wall times separately, and inverts for throughput', () => {
      const layer = samples([11, 22], [30, 60]);
      const knex = samples([10, 20], [20, 40]);

      const cost = costRatios(layer, knex);
      const throughput = costRatios(layer, knex, true);

      expect(cost.cpu.median).to.be.closeTo(1.1, 1e-9);
      expect(cost.wall.median).to.be.closeTo(1.5, 1e-9);
      expect(throughput.wall.median).to.be.closeTo(2 / 3, 1e-9);
    });

    it("compares each contender with knex's turns beside it, and two contenders through those", () => {
      // Round 1: the layer ran in a slow stretch (so did knex beside it), the driver in a fast one.
      const layer = {
        contender: 'layer',
        samples: samples([24, 12]),
        knexBeside: samples([20, 10]),
      };
      const driver = {
        contender: 'driver',
        samples: samples([5, 10]),
        knexBeside: samples([10, 20]),
      };
      const knex = { contender: 'knex', samples: samples([15, 15]) };

      expect(costRatiosBetween(layer, knex).cpu.median).to.be.closeTo(1.2, 1e-9);
      // (24 / 20) / (5 / 10) and (12 / 10) / (10 / 20): 2.4 both, where 24 / 5 and 12 / 10 are not.
      expect(costRatiosBetween(layer, driver).cpu.median).to.be.closeTo(2.4, 1e-9);
      expect(costRatiosBetween(knex, driver).cpu.median).to.be.closeTo(2, 1e-9);
    });

    it('without knex beside either (HTTP, replica reads), pairs the two plainly by round', () => {
      const server = { contender: 'layer', samples: samples([12, 24]) };
      const knex = { contender: 'knex', samples: samples([10, 20]) };

      expect(costRatiosBetween(server, knex).cpu.median).to.be.closeTo(1.2, 1e-9);
    });
  });

  describe('verdicts on a target', () => {
    it('holds only when the whole interval is within the limit', () => {
      expect(verdictAtMost({ median: 1.0, low: 0.95, high: 1.04 }, 1.05)).to.equal('holds');
      expect(verdictAtMost({ median: 1.0, low: 0.95, high: 1.08 }, 1.05)).to.equal('unsettled');
      expect(verdictAtMost({ median: 1.07, low: 1.02, high: 1.1 }, 1.05)).to.equal('missed');
    });

    it('holds a throughput target when the lower end reaches it', () => {
      expect(verdictAtLeast({ median: 0.97, low: 0.92, high: 1.0 }, 0.9)).to.equal('holds');
      expect(verdictAtLeast({ median: 0.93, low: 0.88, high: 0.99 }, 0.9)).to.equal('unsettled');
      expect(verdictAtLeast({ median: 0.85, low: 0.8, high: 0.91 }, 0.9)).to.equal('missed');
    });
  });
});
