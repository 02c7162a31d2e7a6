import { CONTENDERS, type ContenderName, SLOW_PEERS } from './contenders';
import type { BenchContext } from './context';
import { withLayerOnBetterSqlite3 } from './layer-on-better-sqlite3';
import { measureRun } from './measure';
import { agreementPrecision } from './precision';
import { cpuRatiosByRound } from './results';
import { runOrder } from './run-order';
import type { Measurement, RunOptions, RunSample, Workload } from './workload';

export type ContenderRun<I> = (ctx: BenchContext, input: I) => PromiseLike<unknown>;

/** A workload measured in interleaved rounds: every contender once per round, same input. */
export interface RoundsDefinition<I> {
  readonly name: string;
  /** See `Workload.reducedFrom`. */
  readonly reducedFrom?: string;
  /** Loads the data every run reads, once, before the rounds. */
  load?(ctx: BenchContext): Promise<void>;
  /**
   * Untimed, before each run: resets what the previous run changed and builds its input.
   * `isSmallWarmup`: a slow peer's warm-up run (see `warmUp`), which only has to bring its code
   * paths up to speed, so a workload whose input costs the slow peers seconds may give it a
   * smaller one. Every other run, warm-ups of the other contenders included, gets the full input.
   */
  prepare(ctx: BenchContext, round: number, isSmallWarmup: boolean): Promise<I> | I;
  readonly contenders: Partial<Record<ContenderName, ContenderRun<I>>>;
  /** Untimed, after each run: what must come out the same for every contender, as plain JSON. */
  outcome(ctx: BenchContext, result: unknown): Promise<unknown> | unknown;
}

export class ResultMismatchError extends Error {}

/** The most runs one sample sums (see `runRounds`): enough for a run of 2 ms to make 20 ms. */
export const MAX_RUNS_PER_SAMPLE = 10;

/**
 * The most warm-up runs of one contender (see `warmUp`): the slowest to settle, the layer's
 * `graph-insert`, took some 20; a cheap run with a costly reset (`cascade-delete-*` reloads 10,000
 * books) would otherwise reset 100 times.
 */
export const MAX_WARMUP_RUNS = 30;

/**
 * The wall time, resets included, after which a contender's warm-up stops, and after which its
 * first measured turn takes no further run: `cascade-delete-100x100` reloads 10,000 books
 * before every run, a second on a busy PostgreSQL, and summing its 4 ms runs into samples of
 * 20 ms made one workload take nine minutes.
 */
export const MAX_WARMUP_WALL_MS = 10_000;

/**
 * The warm-up's wall-time cap for a CPU budget: five times the budget, between 1 s and
 * `MAX_WARMUP_WALL_MS`. A quick run's 50 ms budget let a 2 ms DELETE reset its 500 books 30 times
 * per contender (10 s of `cascade-delete-no-audit` on each dialect) to warm up for 50 ms.
 */
export function warmupWallCapMs(warmupCpuMs: number): number {
  return Math.min(MAX_WARMUP_WALL_MS, Math.max(1_000, 5 * warmupCpuMs));
}

/** The wall time, resets included, after which a turn takes no further run (see `runRounds`). */
export const MAX_TURN_WALL_MS = 250;

function firstDifference(expected: string, actual: string): string {
  let index = 0;
  while (index < expected.length && expected[index] === actual[index]) index++;
  const from = Math.max(0, index - 60);
  return `expected …${expected.slice(from, index + 60)}…\n  got      …${actual.slice(from, index + 60)}…`;
}

/** The cost of `runs` runs, per run: every field is their mean. */
function perRun(runs: readonly RunSample[]): RunSample {
  const mean = (of: (sample: RunSample) => number) =>
    runs.reduce((sum, sample) => sum + of(sample), 0) / runs.length;
  return {
    wall_ms: mean((s) => s.wall_ms),
    cpu_ms: mean((s) => s.cpu_ms),
    compiler_cpu_ms: mean((s) => s.compiler_cpu_ms ?? 0),
    statements: mean((s) => s.statements),
  };
}

/**
 * Runs contenders one run at a time, and checks that every run on the same input returns what
 * the first one did: a fast wrong answer is no result.
 */
class CheckedRuns<I> {
  /** The first outcome on each input, by the round and the input's size. */
  private readonly references = new Map<string, { name: ContenderName; json: string }>();

  constructor(
    private readonly ctx: BenchContext,
    private readonly definition: RoundsDefinition<I>,
  ) {}

  async run(name: ContenderName, round: number, isSmallWarmup: boolean): Promise<RunSample> {
    const { ctx, definition } = this;
    const input = await definition.prepare(ctx, round, isSmallWarmup);
    const { result, sample } = await measureRun(() => definition.contenders[name]!(ctx, input));
    const json = JSON.stringify(await definition.outcome(ctx, result));
    const key = `${round}:${isSmallWarmup}`;
    const reference = this.references.get(key);
    if (!reference) this.references.set(key, { name, json });
    else if (json !== reference.json) {
      throw new ResultMismatchError(
        `${definition.name} [${ctx.dialect.name}]: ${name} does not return what ${reference.name} returns\n  ${firstDifference(reference.json, json)}`,
      );
    }
    return sample;
  }
}

/**
 * Brings each contender to its steady speed before any is measured: it runs, on the full input,
 * at least `warmup` times and until its runs have cost `warmupCpuMs` of CPU time (at most
 * `MAX_WARMUP_RUNS`, or `warmupWallCapMs` of wall time). Three warm-up runs were not enough:
 * the layer's `graph-insert-100x20` on PostgreSQL took 360 ms of CPU in its first run, 50 in its
 * tenth and 30 from its twentieth on (1.5 s of CPU in all before it settled; no major GC
 * involved: V8's optimising compiler), and a run's ratios then said more about how warm each
 * contender was than about its code. The slow peers warm up on the small input, if the workload
 * has one, for `warmup` runs: their full input costs seconds a run.
 */
async function warmUp<I>(
  runs: CheckedRuns<I>,
  names: readonly ContenderName[],
  options: RunOptions,
  onProgress: (name: ContenderName) => void,
): Promise<void> {
  const budgetMs = options.warmupCpuMs ?? 0;
  const wallCapMs = warmupWallCapMs(budgetMs);
  for (const name of names) {
    onProgress(name);
    const isSlow = SLOW_PEERS.includes(name);
    const started = performance.now();
    let count = 0;
    let cpuMs = 0;
    const hasTime = () => performance.now() - started < wallCapMs;
    while (
      count < options.warmup ||
      (!isSlow && cpuMs < budgetMs && count < MAX_WARMUP_RUNS && hasTime())
    ) {
      // Warm-up runs have rounds of their own, before the measured ones (0, 1, …).
      const sample = await runs.run(name, -1 - count, isSlow);
      count++;
      cpuMs += sample.cpu_ms;
    }
  }
}

/**
 * One contender's turn: `settled` runs in a row, or, in its first measured turn (`settled`
 * undefined), runs until they have cost `minSampleCpuMs` of CPU (at most `MAX_RUNS_PER_SAMPLE`,
 * and no more once the turn has taken `MAX_TURN_WALL_MS` with its resets).
 */
async function takeTurn<I>(
  runs: CheckedRuns<I>,
  name: ContenderName,
  round: number,
  settled: number | undefined,
  minSampleCpuMs: number,
): Promise<RunSample[]> {
  const turn: RunSample[] = [];
  const started = performance.now();
  let cpuMs = 0;
  const isShort = () =>
    cpuMs < minSampleCpuMs &&
    turn.length < MAX_RUNS_PER_SAMPLE &&
    performance.now() - started < MAX_TURN_WALL_MS;
  while (settled === undefined ? turn.length === 0 || isShort() : turn.length < settled) {
    const sample = await runs.run(name, round, false);
    turn.push(sample);
    cpuMs += sample.cpu_ms;
  }
  return turn;
}

/** The mean of two samples, field by field: knex's turns on either side of another's. */
function meanOf(before: RunSample, after: RunSample): RunSample {
  return {
    wall_ms: (before.wall_ms + after.wall_ms) / 2,
    cpu_ms: (before.cpu_ms + after.cpu_ms) / 2,
    compiler_cpu_ms: ((before.compiler_cpu_ms ?? 0) + (after.compiler_cpu_ms ?? 0)) / 2,
    statements: (before.statements + after.statements) / 2,
  };
}

/** The most rounds `extendUntilPrecise` plays, whatever the precision. */
export const MAX_ROUNDS = 5_000;

/**
 * Plays further rounds (`play(round)`, numbered on from the last) until the median of `ratios()`
 * is precise enough for two runs to agree within `±within` 19 times in 20, or until the rounds
 * have taken `budgetMs` of wall time, or `MAX_ROUNDS` in all. It does not test after every round
 * (a bootstrap of a thousand rounds takes a tenth of a second): each time, it plays the rounds
 * the precision so far asks for (see `agreementPrecision`), a tenth more, and looks again.
 * Stopping on a precision reached is optional stopping, which flatters the interval a little; the
 * rounds asked for are the point, not a test of significance. Returns the rounds played.
 */
export async function extendUntilPrecise(
  ratios: () => readonly number[],
  { within, budgetMs }: { readonly within: number; readonly budgetMs: number },
  play: (round: number) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  const hasTime = () => performance.now() - started < budgetMs;
  const first = ratios().length;
  let round = first;
  while (round < MAX_ROUNDS && hasTime()) {
    const { roundsNeeded } = agreementPrecision(ratios(), within);
    if (roundsNeeded <= round) break;
    const target = Math.min(MAX_ROUNDS, Math.ceil(roundsNeeded * 1.1));
    while (round < target && hasTime()) await play(round++);
  }
  return round - first;
}

/**
 * Runs the rounds: after the warm-up (see `warmUp`), `rounds` measured ones. In each, every
 * contender (the slow peers only in the first `slowPeerRounds`) takes one turn, in an order that
 * changes from round to round (see `runOrder`), with a turn of knex before the first and after
 * each: knex, A, knex, B, knex, …. Each run is checked against the round's first.
 *
 * Knex's turns on either side of a contender's are its reference (`Measurement.knexBeside`, their
 * mean): its ratio to knex compares runs milliseconds apart. This machine's speed changes in
 * episodes of a few hundred milliseconds (runs of the same code in a row slow down by half, then
 * recover), which a round of ten contenders, seconds long, does not divide out: a knex turn in
 * the same round but seconds away doubled the spread of the layer's per-round ratio (19–28 %
 * against 10 % with the runs alternating; docs/performance.md has the measurement). Knex's own
 * sample in a round is one of its turns, in a position that moves with the round.
 *
 * A contender whose run costs less CPU than `minSampleCpuMs` runs several times in a row within
 * its turn, and its sample is the mean per run: a run of a few milliseconds is at the mercy of
 * one scavenge or one preemption, a sum of several is not. How many times is settled in its first
 * measured turn (see `takeTurn`) and then stays fixed.
 *
 * With `options.agreement`, the layer then goes on alone, knex, layer, knex, round after round,
 * until its ratio is precise enough (see `extendUntilPrecise`): what two runs disagree on is the
 * rounds' own spread (`npm run bench:rounds-needed`), and the layer's ratio is what the targets
 * judge. Only its rounds and knex's grow; the others' ratios keep their `rounds`.
 */
export async function runRounds<I>(
  ctx: BenchContext,
  definition: RoundsDefinition<I>,
  options: RunOptions,
): Promise<Measurement[]> {
  await definition.load?.(ctx);
  const withDrivers = {
    ...definition,
    contenders: withLayerOnBetterSqlite3(ctx, definition.contenders),
  };
  const names = CONTENDERS.filter((name) => withDrivers.contenders[name]);
  if (!names.includes('knex'))
    throw new Error(`${definition.name}: every workload has a knex contender`);
  const runs = new CheckedRuns(ctx, withDrivers);
  await warmUp(runs, names, options, (name) =>
    options.onProgress?.(`${definition.name} warm-up ${name}`),
  );
  const samples = new Map(names.map((name) => [name, [] as RunSample[]]));
  const knexBeside = new Map(names.map((name) => [name, [] as RunSample[]]));
  const runsPerSample = new Map<ContenderName, number>();
  const minSampleCpuMs = options.minSampleCpuMs ?? 0;
  const playRound = async (round: number, others: readonly ContenderName[], of: string) => {
    // Each round runs them in another order, so that none always runs right after the same one
    // (and inherits its garbage and cold caches).
    const order = runOrder(others.length, round).map((index) => others[index]!);
    const turn = async (name: ContenderName) => {
      options.onProgress?.(`${definition.name} round ${round + 1}/${of} ${name}`);
      const taken = await takeTurn(runs, name, round, runsPerSample.get(name), minSampleCpuMs);
      runsPerSample.set(name, taken.length);
      return perRun(taken);
    };
    const knexTurns = [await turn('knex')];
    for (const name of order) {
      samples.get(name)!.push(await turn(name));
      knexTurns.push(await turn('knex'));
      knexBeside.get(name)!.push(meanOf(knexTurns.at(-2)!, knexTurns.at(-1)!));
    }
    samples.get('knex')!.push(knexTurns[round % knexTurns.length]!);
  };
  for (let round = 0; round < options.rounds; round++) {
    const others = names.filter(
      (name) =>
        name !== 'knex' &&
        (!SLOW_PEERS.includes(name) || round < (options.slowPeerRounds ?? options.rounds)),
    );
    await playRound(round, others, String(options.rounds));
  }
  if (options.agreement && names.includes('layer')) {
    // The ratio the report will give the layer (see `costRatiosBetween`).
    const layerRatios = () =>
      cpuRatiosByRound(
        {
          contender: 'layer',
          samples: samples.get('layer')!,
          knexBeside: knexBeside.get('layer')!,
        },
        { contender: 'knex', samples: samples.get('knex')! },
      );
    await extendUntilPrecise(layerRatios, options.agreement, (round) =>
      playRound(round, ['layer'], 'precise'),
    );
  }
  return names.map((name) => ({
    contender: name,
    samples: samples.get(name)!,
    ...(name === 'knex' ? {} : { knexBeside: knexBeside.get(name)! }),
    runsPerSample: runsPerSample.get(name) ?? 1,
  }));
}

/** A workload measured with `runRounds`. */
export function roundsWorkload<I>(definition: RoundsDefinition<I>): Workload {
  return {
    name: definition.name,
    reducedFrom: definition.reducedFrom,
    run: (ctx, options) => runRounds(ctx, definition, options),
  };
}
