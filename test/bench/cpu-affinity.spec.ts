import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { pinnedCommand, runBesidePinned, sqliteCpu } from '../../bench/harness/cpu-affinity';

// Linux only, like the benchmark's pinning: the kernel says in /proc which CPUs a process may use.

/** The CPUs process `pid` may run on, as the kernel lists them (`0-1`, `1`). */
function allowedCpus(pid: number | 'self'): string {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)![1]!;
}

/** `0,1,2` as the kernel lists it: consecutive CPUs as a range. */
function cpuList(cpus: number[]): string {
  return cpus.length === 1 ? String(cpus[0]) : `${cpus[0]}-${cpus.at(-1)}`;
}

const cpuCount = os.cpus().length;

describe('Benchmark | CPU pinning of the SQLite process', () => {
  it('pins to the last CPU unless told not to, and not at all on a single CPU', () => {
    expect(sqliteCpu(true)).to.equal(cpuCount > 1 ? cpuCount - 1 : null);
    expect(sqliteCpu(false)).to.equal(null);
  });

  it('runs the command on that CPU alone, and as it is when not pinned', () => {
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

  it('moves the load generator off the pinned CPU (nowhere to move to on a single CPU)', () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)']);
    const before = allowedCpus(child.pid!);
    const previous = process.env.BENCH_PINNED_CPU;
    try {
      process.env.BENCH_PINNED_CPU = '0';
      runBesidePinned(child.pid!);
      const others = os
        .cpus()
        .map((_, index) => index)
        .filter((index) => index !== 0);
      expect(allowedCpus(child.pid!)).to.equal(others.length ? cpuList(others) : before);
    } finally {
      if (previous === undefined) delete process.env.BENCH_PINNED_CPU;
      else process.env.BENCH_PINNED_CPU = previous;
      child.kill();
    }
  });
});
