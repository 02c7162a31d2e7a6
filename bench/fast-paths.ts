import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { demoKnexConfig } from '../demo';
import { bindModels, dialectFor, findByIdJoined, maintenanceTimeoutsFromEnv } from '../lib';
import { type ReadFastPath, withoutFastPaths } from '../lib/read/fast-path-switch';
import { Product, Shop } from '../models';
import { ensureOwnDatabase } from '../scripts/own-database';
import { measureRun } from './harness/measure';
import { type Shape, normalize } from './harness/normalize';
import type { DialectName } from './harness/results';
import { runOrder } from './harness/run-order';
import { type Estimate, medianWithInterval, pairedRatios } from './harness/stats';
import type { RunSample } from './harness/workload';
import { type FixtureContext, loadShops } from './workloads/fixtures';
import { eachId, randomIds } from './workloads/pk-lookup';
import { PRODUCT, SHOP } from './workloads/shapes';

/**
 * One fast path on one workload: the layer as it is against the layer with `measured` turned off
 * (Objection's pipeline serving the same reads).
 */
interface FastPathPair {
  readonly fastPath: string;
  readonly workload: string;
  readonly measured: readonly ReadFastPath[];
  load(ctx: FixtureContext): Promise<void>;
  read(round: number): PromiseLike<unknown>;
  readonly shape: Shape;
  readonly order: 'input' | 'id';
}

// dialect-run.ts's default; importing it would run that script.
const BENCH_POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/relational_layer_bench';

const PK_ROWS = 10_000;
const PK_READS = 500;
const JOINED_SHOPS = 100;
const JOINED_READS = 200;

const pkLookup = (round: number) =>
  eachId(randomIds(round, PK_READS, PK_ROWS), (id) => Product.query().findById(id));

/** A fast path of the by-id read, measured on `pk-lookup`. */
const pkLookupPair = (fastPath: string, measured: ReadFastPath): FastPathPair => ({
  fastPath,
  workload: `pk-lookup (${PK_READS} reads)`,
  measured: [measured],
  load: (ctx) => loadShops(ctx, PK_ROWS / 100, 100),
  read: pkLookup,
  shape: PRODUCT,
  order: 'input',
});

const PAIRS: FastPathPair[] = [
  pkLookupPair('find-by-id', 'find-by-id'),
  pkLookupPair('compiled by-id SQL', 'compiled-find-by-id'),
  {
    fastPath: 'joined read',
    workload: `joined-read (${JOINED_READS} shops with products)`,
    measured: ['joined-read'],
    load: (ctx) => loadShops(ctx, JOINED_SHOPS, 10),
    read: (round) =>
      eachId(randomIds(round, JOINED_READS, JOINED_SHOPS), (id) =>
        findByIdJoined(Shop, Shop.knex(), id, { products: {} }),
      ),
    shape: SHOP,
    order: 'input',
  },
];

interface PairResult {
  readonly dialect: DialectName;
  readonly fastPath: string;
  readonly workload: string;
  readonly withMs: number;
  readonly withoutMs: number;
  /** CPU time with the path over CPU time without it, per round. */
  readonly cpu: Estimate;
  readonly wall: Estimate;
}

const medianOf = (values: number[]) => medianWithInterval(values).median;

/** Runs `pair` in `rounds` rounds after `warmup`, with and without the path in alternating order. */
async function measurePair(
  ctx: FixtureContext,
  dialect: DialectName,
  pair: FastPathPair,
  { rounds, warmup }: { rounds: number; warmup: number },
): Promise<PairResult> {
  await pair.load(ctx);
  const runs = [
    (round: number) => pair.read(round),
    (round: number) => withoutFastPaths(pair.measured, () => pair.read(round)),
  ];
  const samples: RunSample[][] = [[], []];
  for (let round = 0; round < warmup + rounds; round++) {
    const outcomes: string[] = [];
    for (const index of runOrder(2, round)) {
      const { result, sample } = await measureRun(() => runs[index]!(round));
      outcomes.push(JSON.stringify(normalize(result, pair.shape, pair.order)));
      if (round >= warmup) samples[index]!.push(sample);
    }
    if (outcomes[0] !== outcomes[1]) {
      throw new Error(`${pair.fastPath} on ${pair.workload}: the two paths read different rows`);
    }
  }
  const [withPath, withoutPath] = samples as [RunSample[], RunSample[]];
  const cpu = (s: RunSample[]) => s.map((sample) => sample.cpu_ms);
  const wall = (s: RunSample[]) => s.map((sample) => sample.wall_ms);
  return {
    dialect,
    fastPath: pair.fastPath,
    workload: pair.workload,
    withMs: medianOf(cpu(withPath)),
    withoutMs: medianOf(cpu(withoutPath)),
    cpu: medianWithInterval(pairedRatios(cpu(withPath), cpu(withoutPath))),
    wall: medianWithInterval(pairedRatios(wall(withPath), wall(withoutPath))),
  };
}

async function measureDialect(
  dialect: DialectName,
  options: { rounds: number; warmup: number; only: string[] },
): Promise<PairResult[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'relational-layer-fast-paths-'));
  const url =
    dialect === 'sqlite' ? `sqlite:${path.join(scratch, 'bench.sqlite3')}` : BENCH_POSTGRES_URL;
  if (dialect === 'postgres') await ensureOwnDatabase(url);
  const knex: Knex = knexFactory(demoKnexConfig(url, maintenanceTimeoutsFromEnv()));
  try {
    await knex.migrate.latest();
    bindModels(knex);
    const ctx: FixtureContext = { knex, dialect: dialectFor(url) };
    const results: PairResult[] = [];
    for (const pair of PAIRS) {
      if (
        options.only.length &&
        !options.only.some((name) => pair.measured.includes(name as ReadFastPath))
      )
        continue;
      const result = await measurePair(ctx, dialect, pair, options);
      console.log(resultLine(result));
      results.push(result);
    }
    return results;
  } finally {
    await knex.destroy();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const interval = ({ median, low, high }: Estimate) =>
  `${median.toFixed(3)} [${low.toFixed(3)}, ${high.toFixed(3)}]`;

function resultLine(result: PairResult): string {
  const saved = Math.round((1 - result.cpu.median) * 100);
  return (
    `| ${result.dialect} | ${result.fastPath} | ${result.workload} | ${result.withMs.toFixed(1)} | ` +
    `${result.withoutMs.toFixed(1)} | ${interval(result.cpu)} | ${interval(result.wall)} | ${saved} % |`
  );
}

function valueOf(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}

/**
 * `npm run bench:fast-paths [-- --dialect sqlite|postgres] [--rounds 20] [--only find-by-id]`:
 * what each read fast path saves, as the per-round CPU-time ratio of the layer with it over the
 * layer without it (median, 95 % bootstrap interval), in one process per dialect; both readings
 * of every round must return the same rows. The table goes to docs/performance.md, with the
 * measurements of the fast paths removed because they saved less than 15 % (the plain find, plain
 * eager loading).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dialect = valueOf(args, '--dialect');
  const dialects: DialectName[] =
    dialect === 'sqlite' || dialect === 'postgres' ? [dialect] : ['sqlite', 'postgres'];
  const options = {
    rounds: Number(valueOf(args, '--rounds') ?? 20),
    warmup: Number(valueOf(args, '--warmup') ?? 2),
    only: (valueOf(args, '--only') ?? '').split(',').filter(Boolean),
  };
  console.log(`${options.rounds} rounds after ${options.warmup} warm-up rounds, CPU ms per run`);
  console.log(
    '| dialect | fast path | workload | with (CPU ms) | without (CPU ms) | CPU with ÷ without | wall with ÷ without | CPU saved |',
  );
  console.log('| --- | --- | --- | ---: | ---: | --- | --- | ---: |');
  for (const name of dialects) await measureDialect(name, options);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
