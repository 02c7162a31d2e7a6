import { CONTENDERS, type ContenderName, SLOW_PEERS } from './contenders';
import type { BenchContext } from './context';
import { measureRun } from './measure';
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
   * Untimed, before each run: resets what the previous run changed and builds its input. A
   * warm-up round only has to bring every contender's code paths up to speed, so a workload whose
   * input is costly for its slowest contenders may give warm-ups a smaller one.
   */
  prepare(ctx: BenchContext, round: number, isWarmup: boolean): Promise<I> | I;
  readonly contenders: Partial<Record<ContenderName, ContenderRun<I>>>;
  /** Untimed, after each run: what must come out the same for every contender, as plain JSON. */
  outcome(ctx: BenchContext, result: unknown): Promise<unknown> | unknown;
}

export class ResultMismatchError extends Error {}

function firstDifference(expected: string, actual: string): string {
  let index = 0;
  while (index < expected.length && expected[index] === actual[index]) index++;
  const from = Math.max(0, index - 60);
  return `expected …${expected.slice(from, index + 60)}…\n  got      …${actual.slice(from, index + 60)}…`;
}

/**
 * Runs the rounds: after `warmup` rounds, `rounds` measured ones, each running every contender
 * once (the slow peers only in the first `slowPeerRounds`), interleaved, in an order that
 * changes from round to round (see `runOrder`). Each run's
 * outcome must equal the first one's of the same round, or the benchmark stops: a fast wrong
 * answer is no result.
 */
export async function runRounds<I>(
  ctx: BenchContext,
  definition: RoundsDefinition<I>,
  options: RunOptions,
): Promise<Measurement[]> {
  await definition.load?.(ctx);
  const names = CONTENDERS.filter((name) => definition.contenders[name]);
  const samples = new Map(names.map((name) => [name, [] as RunSample[]]));
  const total = options.warmup + options.rounds;
  for (let round = 0; round < total; round++) {
    const isWarmup = round < options.warmup;
    let reference: { name: ContenderName; json: string } | undefined;
    const running = names.filter(
      (name) =>
        !SLOW_PEERS.includes(name) ||
        round < options.warmup + (options.slowPeerRounds ?? options.rounds),
    );
    // Each round runs them in another order, so that none always runs right after the same one
    // (and inherits its garbage and cold caches).
    const order = runOrder(running.length, round).map((index) => running[index]!);
    for (const name of order) {
      const phase = isWarmup ? 'warm-up' : `round ${round - options.warmup + 1}/${options.rounds}`;
      options.onProgress?.(`${definition.name} ${phase} ${name}`);
      const input = await definition.prepare(ctx, round, isWarmup);
      const run = definition.contenders[name]!;
      const { result, sample } = await measureRun(() => run(ctx, input));
      const json = JSON.stringify(await definition.outcome(ctx, result));
      if (!reference) reference = { name, json };
      else if (json !== reference.json) {
        throw new ResultMismatchError(
          `${definition.name} [${ctx.dialect.name}]: ${name} does not return what ${reference.name} returns\n  ${firstDifference(reference.json, json)}`,
        );
      }
      if (!isWarmup) samples.get(name)!.push(sample);
    }
  }
  return names.map((name) => ({ contender: name, samples: samples.get(name)! }));
}

/** A workload measured with `runRounds`. */
export function roundsWorkload<I>(definition: RoundsDefinition<I>): Workload {
  return {
    name: definition.name,
    reducedFrom: definition.reducedFrom,
    run: (ctx, options) => runRounds(ctx, definition, options),
  };
}
