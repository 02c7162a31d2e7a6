import path from 'node:path';
import type { ResultRow } from './harness/results';
import { type RunFile, readRunFile, runFileArgs } from './harness/run-file';
import type { Estimate } from './harness/stats';

/** The CPU-time ratio the row's target is judged on: cost over knex's, or HTTP throughput. */
function cpuRatioOf(row: ResultRow): Estimate | undefined {
  return row.throughput_vs_knex?.cpu ?? row.vs_knex?.cpu ?? undefined;
}

/** One contender's CPU ratio to knex on one workload and dialect, in every run that measured it. */
interface Comparison {
  readonly key: string;
  readonly medians: ReadonlyArray<number | undefined>;
  /** The largest difference between two runs' medians. */
  readonly range: number;
  /** `range` over the smallest median: how far apart the runs are, relative to the ratio. */
  readonly relativeRange: number;
}

function compare(runs: readonly RunFile[]): Comparison[] {
  const keys = new Map<string, Array<number | undefined>>();
  runs.forEach((run, index) => {
    for (const row of run.results) {
      const ratio = cpuRatioOf(row);
      if (!ratio || row.contender === 'knex') continue;
      const key = `${row.dialect} | ${row.workload} | ${row.contender}`;
      if (!keys.has(key)) keys.set(key, new Array<number | undefined>(runs.length));
      keys.get(key)![index] = ratio.median;
    }
  });
  return [...keys].map(([key, medians]) => {
    const measured = medians.filter((m): m is number => m !== undefined);
    const range = Math.max(...measured) - Math.min(...measured);
    return { key, medians, range, relativeRange: range / Math.min(...measured) };
  });
}

/**
 * `npx ts-node bench/compare-runs.ts a.json b.json [c.json …]` (results files of `npm run bench`):
 * every contender's median per-round CPU-time ratio to knex in each run, and how far apart the
 * runs are, with the rows that differ by more than `--within` (default 0.05). This is how a run's
 * stability is shown: the same code measured twice, or beside other work, should agree.
 */
function main(): void {
  const { within, files } = runFileArgs(process.argv.slice(2));
  if (files.length < 2) throw new Error('usage: compare-runs.ts a.json b.json [c.json …]');
  const runs = files.map(readRunFile);
  const comparisons = compare(runs);
  const names = files.map((file) => path.basename(file));
  console.log(`| dialect | workload | contender | ${names.join(' | ')} | range | relative |`);
  console.log(`| --- | --- | --- | ${names.map(() => '---:').join(' | ')} | ---: | ---: |`);
  for (const { key, medians, range, relativeRange } of comparisons) {
    const cells = medians.map((m) => (m === undefined ? '' : m.toFixed(2)));
    const mark = range > within ? ' ⚠' : '';
    const relative = `${(relativeRange * 100).toFixed(0)} %`;
    console.log(`| ${key} | ${cells.join(' | ')} | ${range.toFixed(2)}${mark} | ${relative} |`);
  }
  const layer = comparisons.filter(({ key }) => key.endsWith('| layer'));
  const agree = (rows: Comparison[]) => rows.filter(({ range }) => range <= within).length;
  console.log(
    `\nWithin ±${within.toFixed(2)} of each other: ${agree(comparisons)} of ${comparisons.length} ` +
      `ratios, ${agree(layer)} of ${layer.length} of the layer's (the ones the targets judge).`,
  );
  const close = (rows: Comparison[]) => rows.filter((row) => row.relativeRange <= within).length;
  console.log(
    `Within ${(within * 100).toFixed(0)} % of each other: ${close(comparisons)} of ${comparisons.length} ` +
      `ratios, ${close(layer)} of ${layer.length} of the layer's.`,
  );
}

main();
