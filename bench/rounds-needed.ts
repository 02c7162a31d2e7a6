import { type AgreementPrecision, agreementPrecision } from './harness/precision';
import { type ResultRow, cpuRatiosByRound, pairedSamplesOf } from './harness/results';
import { type RunFile, readRunFile, runFileArgs } from './harness/run-file';

interface RowPrecision extends AgreementPrecision {
  readonly row: ResultRow;
  /** The workload's seconds in this run, scaled to `roundsNeeded` rounds. */
  readonly secondsNeeded: number;
}

/**
 * Each contender's per-round CPU ratio to knex, as the report computes it (throughput for the
 * HTTP workloads, whose targets are judged on it), and its precision.
 */
function precisionOf(run: RunFile, within: number, contenders: (name: string) => boolean) {
  const knexOf = (row: ResultRow) =>
    run.results.find(
      (other) =>
        other.contender === 'knex' &&
        other.workload === row.workload &&
        other.dialect === row.dialect,
    );
  const rows: RowPrecision[] = [];
  for (const row of run.results) {
    const knex = knexOf(row);
    if (row.contender === 'knex' || !contenders(row.contender) || !knex) continue;
    const isThroughput = row.throughput_vs_knex !== undefined;
    const ratios = cpuRatiosByRound(pairedSamplesOf(row), pairedSamplesOf(knex), isThroughput);
    const precision = agreementPrecision(ratios, within);
    const seconds = run.workload_seconds[row.dialect]?.[row.workload] ?? 0;
    rows.push({
      ...precision,
      row,
      secondsNeeded: (seconds * precision.roundsNeeded) / precision.rounds,
    });
  }
  return rows;
}

const minutes = (seconds: number) => `${(seconds / 60).toFixed(0)} min`;

/**
 * `npm run bench:rounds-needed -- bench/results.json [--within 0.05] [--all]`: how precisely
 * one full run measured each of the layer's CPU ratios (every contender's with `--all`), and how
 * many rounds a run would need, at the spread it saw, for two runs to agree within `±within` 19
 * times in 20 (the stability the benchmark is asked for), with what that run would take. A
 * workload's time is scaled with its rounds as a whole (its warm-up and loading do not grow, so
 * this is an upper estimate); every contender of a workload runs every round, so the rounds a
 * workload needs are the most any of the rows shown asks for.
 */
function main(): void {
  const args = process.argv.slice(2);
  const {
    within,
    files: [file],
  } = runFileArgs(args);
  if (!file) throw new Error('usage: rounds-needed.ts results.json [--within 0.05] [--all]');
  const run = readRunFile(file);
  const everyContender = args.includes('--all');
  const rows = precisionOf(run, within, (name) => everyContender || name === 'layer');
  console.log(
    `| dialect | workload | contender | rounds | median | standard error | rounds for ±${within} | workload at those rounds |`,
  );
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const { row, rounds, median, standardError, roundsNeeded, secondsNeeded } of rows) {
    const error = `${standardError.toFixed(3)} (${((standardError / median) * 100).toFixed(1)} %)`;
    console.log(
      `| ${row.dialect} | ${row.workload} | ${row.contender} | ${rounds} | ${median.toFixed(2)} | ${error} | ${roundsNeeded} | ${minutes(secondsNeeded)} |`,
    );
  }
  const workloads = new Map<string, number>();
  for (const { row, secondsNeeded } of rows) {
    const key = `${row.dialect} ${row.workload}`;
    workloads.set(key, Math.max(workloads.get(key) ?? 0, secondsNeeded));
  }
  const needed = [...workloads.values()].reduce((sum, seconds) => sum + seconds, 0);
  const precise = rows.filter(({ roundsNeeded, rounds }) => roundsNeeded === rounds).length;
  const expected = rows.reduce((sum, { agreementChance }) => sum + agreementChance, 0);
  console.log(
    `\nTwo runs like this one would agree within ±${within} on about ${expected.toFixed(0)} of these ${rows.length} ratios, by chance alone.`,
  );
  console.log(
    `${precise} of ${rows.length} ratios are already that precise (standard error ≤ ${rows[0]?.standardErrorNeeded.toFixed(3)}). ` +
      `This run took ${minutes(run.seconds)}; at the rounds asked for, it would take about ${minutes(needed)}.`,
  );
}

main();
