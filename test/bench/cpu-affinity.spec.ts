import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { pinnedCommand, runBesidePinned, sqliteCpu } from '../../bench/harness/cpu-affinity';

/** The CPUs process `pid` may run on, as the kernel lists them (`0-1`, `1`). */
function allowedCpus(pid: number | 'self'): string {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)![1]!;
}

const canPin = process.platform === 'linux' && os.cpus().length > 1;

describe('Benchmark | CPU pinning of the SQLite process', () => {
  it('pins to the last CPU unless told not to', function () {
    if (!canPin) this.skip();
    expect(sqliteCpu(true)).to.equal(os.cpus().length - 1);
    expect(sqliteCpu(false)).to.equal(null);
  });

  it('runs the command on that CPU alone, and as it is when not pinned', function () {
    if (!canPin) this.skip();
    const script = [
      '-e',
      "process.stdout.write(/Cpus_allowed_list:\\s*(\\S+)/.exec(require('fs').readFileSync('/proc/self/status','utf8'))[1])",
    ];
    const run = (cpu: number | null) => {
      const [command, ...args] = pinnedCommand(cpu, process.execPath, script);
      return spawnSync(command, args, { encoding: 'utf8' }).stdout;
    };

    expect(run(0)).to.equal('0');
    expect(run(null)).to.equal(allowedCpus('self'));
  });

  it('moves the load generator off the pinned CPU', async function () {
    if (!canPin) this.skip();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)']);
    const previous = process.env.BENCH_PINNED_CPU;
    try {
      process.env.BENCH_PINNED_CPU = '0';
      runBesidePinned(child.pid!);
      const expected = os
        .cpus()
        .map((_, index) => index)
        .filter((index) => index !== 0);
      expect(allowedCpus(child.pid!)).to.equal(
        expected.length === 1 ? String(expected[0]) : `${expected[0]}-${expected.at(-1)}`,
      );
    } finally {
      if (previous === undefined) delete process.env.BENCH_PINNED_CPU;
      else process.env.BENCH_PINNED_CPU = previous;
      child.kill();
    }
  });
});
