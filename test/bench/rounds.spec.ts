import { expect } from 'chai';
import type { BenchContext } from '../../bench/harness/context';
import type { ContenderName } from '../../bench/harness/contenders';
import { agreementPrecision } from '../../bench/harness/precision';
import {
  MAX_RUNS_PER_SAMPLE,
  ResultMismatchError,
  type RoundsDefinition,
  extendUntilPrecise,
  runRounds,
} from '../../bench/harness/rounds';
import { seededRandom } from '../../bench/harness/stats';

// The harness only hands the context on to the workload, and names its dialect in errors: these
// specs time synthetic contenders that burn CPU, so no database is involved.
const CONTEXT = { dialect: { name: 'sqlite' } } as unknown as BenchContext;

/** Keeps this thread busy for `ms` of its process's CPU time. */
function burn(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const spent = process.cpuUsage(start);
    if ((spent.user + spent.system) / 1000 >= ms) return;
  }
}

interface Call {
  readonly contender: ContenderName;
  readonly round: number;
  readonly isSmallWarmup: boolean;
}

/**
 * A workload whose contenders each burn the given CPU time (or what the function gives, run by
 * run), and every run it was asked for.
 */
function burning(costs: Partial<Record<ContenderName, number | (() => number)>>) {
  const calls: Call[] = [];
  let prepared: { round: number; isSmallWarmup: boolean } | undefined;
  const contenders = Object.fromEntries(
    Object.entries(costs).map(([name, ms]) => [
      name,
      () => {
        calls.push({ contender: name as ContenderName, ...prepared! });
        burn(typeof ms === 'function' ? ms() : ms);
        return Promise.resolve(prepared!.isSmallWarmup ? 'small' : 'full');
      },
    ]),
  );
  const definition: RoundsDefinition<undefined> = {
    name: 'burning',
    prepare: (_ctx, round, isSmallWarmup) => {
      prepared = { round, isSmallWarmup };
      return undefined;
    },
    contenders,
    outcome: (_ctx, result) => result,
  };
  const runsOf = (contender: ContenderName, measured: boolean) =>
    calls.filter((call) => call.contender === contender && call.round >= 0 === measured);
  return { definition, calls, runsOf };
}

describe('Benchmark | rounds', () => {
  describe('warm-up', () => {
    it('runs each contender on the full input until its runs have cost the warm-up budget', async () => {
      const { definition, runsOf } = burning({ layer: 4, knex: 1 });

      await runRounds(CONTEXT, definition, { rounds: 1, warmup: 2, warmupCpuMs: 20 });

      // 20 ms of CPU: at least 5 runs of 4 ms, 20 of 1 ms (more where a run overshoots).
      expect(runsOf('layer', false).length).to.be.within(2, 5);
      expect(runsOf('knex', false).length).to.be.within(10, 20);
      expect(runsOf('knex', false).every((call) => !call.isSmallWarmup)).to.equal(true);
    });

    it('runs a contender at least `warmup` times, whatever its runs cost', async () => {
      const { definition, runsOf } = burning({ layer: 5, knex: 0 });

      await runRounds(CONTEXT, definition, { rounds: 1, warmup: 3, warmupCpuMs: 1 });

      expect(runsOf('layer', false)).to.have.lengthOf(3);
    });

    it('gives the slow peers the small input, `warmup` times, and measures them on the full one', async () => {
      const { definition, runsOf } = burning({ knex: 1, typeorm: 1 });

      await runRounds(CONTEXT, definition, { rounds: 2, warmup: 2, warmupCpuMs: 10 });

      expect(runsOf('typeorm', false).map((call) => call.isSmallWarmup)).to.deep.equal([
        true,
        true,
      ]);
      expect(runsOf('typeorm', true).map((call) => call.isSmallWarmup)).to.deep.equal([
        false,
        false,
      ]);
    });

    it('stops the benchmark when a warm-up run returns something else than the first', async () => {
      const { definition } = burning({ layer: 0, knex: 0 });
      const wrong = { ...definition, contenders: { ...definition.contenders } };
      wrong.contenders.knex = () => Promise.resolve('wrong');

      const failure = await runRounds(CONTEXT, wrong, { rounds: 1, warmup: 1 }).catch(
        (error: unknown) => error,
      );

      expect(failure).to.be.instanceOf(ResultMismatchError);
      expect((failure as Error).message).to.contain('knex does not return what layer returns');
    });
  });

  describe('knex beside every turn', () => {
    it('runs knex before the first contender and after each: knex, A, knex, B, knex', async () => {
      const { definition, calls } = burning({ layer: 0, objection: 0, knex: 0 });

      await runRounds(CONTEXT, definition, { rounds: 2, warmup: 0 });

      const inRound = (round: number) =>
        calls.filter((call) => call.round === round).map((call) => call.contender);
      expect(inRound(0)).to.deep.equal(['knex', 'layer', 'knex', 'objection', 'knex']);
      // The others' order changes from round to round; knex stays between them.
      expect(inRound(1)).to.deep.equal(['knex', 'objection', 'knex', 'layer', 'knex']);
    });

    it("gives each contender, per round, the mean of knex's turns on either side as its reference", async () => {
      // Knex's turns cost 2, 6 and 10 ms in turn: layer sits between the first two, objection
      // between the last two.
      let knexTurn = 0;
      const { definition } = burning({ layer: 1, objection: 1, knex: () => 2 + 4 * knexTurn++ });

      const measurements = await runRounds(CONTEXT, definition, { rounds: 1, warmup: 0 });

      const beside = (name: string) =>
        measurements.find((m) => m.contender === name)!.knexBeside![0]!.cpu_ms;
      expect(beside('layer')).to.be.within(4, 5.5);
      expect(beside('objection')).to.be.within(8, 9.5);
      expect(measurements.find((m) => m.contender === 'knex')!.knexBeside).to.equal(undefined);
    });

    it('refuses a workload without a knex contender: its ratios would have no reference', async () => {
      const { definition } = burning({ layer: 0 });

      const failure = await runRounds(CONTEXT, definition, { rounds: 1, warmup: 0 }).catch(
        (error: unknown) => error,
      );

      expect((failure as Error).message).to.contain('every workload has a knex contender');
    });
  });

  describe('runs per sample', () => {
    it('runs a cheap contender several times per turn, and its sample is the mean per run', async () => {
      const { definition, runsOf } = burning({ layer: 2, knex: 12 });

      const measurements = await runRounds(CONTEXT, definition, {
        rounds: 3,
        warmup: 0,
        minSampleCpuMs: 10,
      });

      const layer = measurements.find((m) => m.contender === 'layer')!;
      const knex = measurements.find((m) => m.contender === 'knex')!;
      // 10 ms of 2 ms runs: 5, or fewer if a run overshoots; settled in the first turn.
      expect(layer.runsPerSample).to.be.within(3, 5);
      expect(runsOf('layer', true)).to.have.lengthOf(3 * layer.runsPerSample!);
      expect(knex.runsPerSample).to.equal(1);
      // Knex takes a turn before and after the layer's in each round.
      expect(runsOf('knex', true)).to.have.lengthOf(3 * 2);
      for (const sample of layer.samples) expect(sample.cpu_ms).to.be.within(2, 6);
    });

    it(`sums at most ${MAX_RUNS_PER_SAMPLE} runs, however cheap`, async () => {
      const { definition } = burning({ layer: 0, knex: 0 });

      const [layer] = await runRounds(CONTEXT, definition, {
        rounds: 1,
        warmup: 0,
        minSampleCpuMs: 1000,
      });

      expect(layer!.runsPerSample).to.equal(MAX_RUNS_PER_SAMPLE);
    });
  });

  describe('rounds until two runs would agree', () => {
    /** Per-round ratios around 1.2, spread over a band `width` wide, and a round that adds one. */
    function rounds(count: number, width: number) {
      const random = seededRandom(7);
      const draw = () => 1.2 + (random() - 0.5) * width;
      const ratios = Array.from({ length: count }, draw);
      return { ratios, play: () => Promise.resolve(void ratios.push(draw())) };
    }

    it('plays no further round when the median is already precise enough', async () => {
      const { ratios, play } = rounds(20, 0.02);

      expect(
        await extendUntilPrecise(() => ratios, { within: 0.05, budgetMs: 10_000 }, play),
      ).to.equal(0);
      expect(ratios).to.have.lengthOf(20);
    });

    it('plays rounds until two runs would agree within ±w 19 times in 20', async () => {
      const { ratios, play } = rounds(20, 0.6);

      const played = await extendUntilPrecise(
        () => ratios,
        { within: 0.05, budgetMs: 10_000 },
        play,
      );

      const { standardError, standardErrorNeeded } = agreementPrecision(ratios, 0.05);
      expect(played).to.be.above(20);
      expect(standardError).to.be.at.most(standardErrorNeeded);
    });

    it('stops when its wall-time budget is spent, precise or not', async () => {
      const { ratios, play } = rounds(20, 0.6);
      const slowly = async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await play();
      };

      const started = performance.now();
      const played = await extendUntilPrecise(
        () => ratios,
        { within: 0.05, budgetMs: 100 },
        slowly,
      );

      expect(played).to.be.within(5, 21);
      expect(performance.now() - started).to.be.below(1000);
    });

    it('goes on with the layer alone, knex beside it, while the others keep their rounds', async () => {
      // A layer whose runs cost 1 or 4 ms at random is far from precise after 3 rounds.
      const random = seededRandom(3);
      const { definition, calls } = burning({
        layer: () => (random() < 0.5 ? 1 : 4),
        objection: 1,
        knex: 1,
      });

      const measurements = await runRounds(CONTEXT, definition, {
        rounds: 3,
        warmup: 0,
        agreement: { within: 0.05, budgetMs: 300 },
      });

      const of = (name: string) => measurements.find((m) => m.contender === name)!;
      expect(of('layer').samples.length).to.be.above(3);
      expect(of('layer').knexBeside).to.have.lengthOf(of('layer').samples.length);
      expect(of('objection').samples).to.have.lengthOf(3);
      const extra = calls.filter((call) => call.round >= 3);
      for (let round = 3; round < of('layer').samples.length; round++) {
        const inRound = extra.filter((call) => call.round === round).map((call) => call.contender);
        expect(inRound).to.deep.equal(['knex', 'layer', 'knex']);
      }
    });
  });
});
