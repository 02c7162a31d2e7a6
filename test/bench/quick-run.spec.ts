import { expect } from 'chai';
import { forwardedArgs, parseOptions } from '../../bench/harness/options';
import { benchmarkWorkloads } from '../../bench/workloads';

describe('Benchmark | quick run', () => {
  const full = benchmarkWorkloads({ mode: 'full' });
  const quick = benchmarkWorkloads({ mode: 'quick' });

  it('runs the same workloads, in the same order, as a full run', () => {
    expect(quick.map((w) => w.reducedFrom ?? w.name)).to.deep.equal(full.map((w) => w.name));
  });

  it('names each smaller workload by its own size and marks the full one it stands in for', () => {
    const reduced = quick.filter((w) => w.reducedFrom);

    expect(reduced.map((w) => [w.name, w.reducedFrom])).to.deep.include.members([
      ['graph-insert-40x10', 'graph-insert-1000x10'],
      ['cascade-delete-no-audit-5x100', 'cascade-delete-no-audit-100x100'],
    ]);
    for (const workload of reduced) expect(workload.name).to.not.equal(workload.reducedFrom);
    expect(full.filter((w) => w.reducedFrom)).to.deep.equal([]);
  });

  it('runs 10 rounds of single runs after short warm-ups, both dialects at once unless told otherwise', () => {
    expect(parseOptions(['--quick'])).to.include({
      rounds: 10,
      warmup: 1,
      warmupCpuMs: 50,
      minSampleCpuMs: 0,
      concurrent: true,
    });
    expect(parseOptions(['--quick', '--sequential'])).to.include({ concurrent: false });
    expect(parseOptions([])).to.include({ concurrent: false });
    expect(parseOptions([])).to.include({
      rounds: 20,
      warmup: 3,
      warmupCpuMs: 2000,
      minSampleCpuMs: 20,
      mode: 'full',
    });
  });

  it('hands every measuring option on to the dialects’ processes', () => {
    const args = ['--quick', '--only', 'pk', '--rounds', '4', '--warmup', '2'];
    const options = parseOptions([...args, '--warmup-ms', '50', '--min-sample-ms', '5']);

    expect(parseOptions(forwardedArgs(options))).to.deep.equal(options);
    const agreeing = parseOptions(['--agree-within', '0.05', '--agreement-budget-s', '30']);
    expect(agreeing.agreement).to.deep.equal({ within: 0.05, budgetMs: 30_000 });
    expect(parseOptions(forwardedArgs(agreeing))).to.deep.equal(agreeing);
  });

  it('plays no extra rounds for the layer unless asked, and gives them 120 s a workload when asked', () => {
    expect(parseOptions([]).agreement).to.equal(undefined);
    expect(parseOptions(['--agree-within', '0.1']).agreement).to.deep.equal({
      within: 0.1,
      budgetMs: 120_000,
    });
  });
});
