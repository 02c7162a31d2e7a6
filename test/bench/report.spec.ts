import { expect } from 'chai';
import { type RunDescription, resultsMarkdown } from '../../bench/harness/report';
import { rowsOf } from '../../bench/harness/results';
import type { RunSample } from '../../bench/harness/workload';

const sample = (cpuMs: number): RunSample => ({ wall_ms: cpuMs, cpu_ms: cpuMs, statements: 1 });

const RUN: RunDescription = {
  mode: 'full',
  rounds: 2,
  warmup: 3,
  warmupCpuMs: 2000,
  minSampleCpuMs: 20,
  slowPeerRounds: 10,
  concurrent: false,
  sqlitePinnedCpu: null,
  generatedAt: '2026-12-02T00:00:00.000Z',
  seconds: 1,
  environment: [],
};

describe('Benchmark | RESULTS.md', () => {
  const rows = rowsOf({ name: 'eager-1n-100x10' }, 'sqlite', [
    { contender: 'layer', samples: [sample(4), sample(4)], runsPerSample: 5 },
    { contender: 'knex', samples: [sample(2), sample(2)], runsPerSample: 10 },
  ]);
  const markdown = resultsMarkdown(RUN, [
    { dialect: 'sqlite', database: '3.44', rows, compiler_told_apart: true, seconds: {} },
  ]);

  it('says how the contenders warmed up and how many runs a sample is the mean of', () => {
    expect(markdown).to.contain(
      'at least 3 time(s) and until its runs had cost 2000 ms of CPU (at most 30 runs or 10 s',
    );
    expect(markdown).to.contain('whose run costs less than 20 ms of CPU runs up to 10 times');
  });

  it('says that the CPU times leave out V8’s background compiler', () => {
    expect(markdown).to.contain('CPU times leave out the time of V8’s background compiler');
    expect(markdown).not.to.contain('could not be told apart');
    const untold = resultsMarkdown(RUN, [
      { dialect: 'sqlite', database: '3.44', rows, compiler_told_apart: false, seconds: {} },
    ]);
    expect(untold).to.contain('On SQLite the compiler’s threads could not be told apart');
  });

  it('says when the layer went on alone until two runs would agree, and for how long at most', () => {
    expect(markdown).not.to.contain('the layer went on alone');
    const agreeing = resultsMarkdown({ ...RUN, agreement: { within: 0.05, budgetMs: 120_000 } }, [
      { dialect: 'sqlite', database: '3.44', rows, compiler_told_apart: true, seconds: {} },
    ]);
    expect(agreeing).to.contain(
      'the layer went on alone, with knex’s turns beside it, until its CPU ratio’s median had a bootstrap standard error at which two runs agree within ±0.05 19 times in 20, or for 120 s at most',
    );
  });

  it('gives each row its rounds and its runs per sample, with times per run', () => {
    expect(rows.map((row) => row.runs_per_sample)).to.deep.equal([5, 10]);
    expect(markdown).to.match(/\| eager-1n-100x10 \| layer \| 2 × 5 \| 4\.0 \|/);
    expect(markdown).to.match(/\| eager-1n-100x10 \| knex \| 2 × 10 \| 2\.0 \|/);
  });
});
