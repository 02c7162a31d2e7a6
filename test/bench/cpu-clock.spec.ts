import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';

const PROBE = path.join(__dirname, 'probes', 'cpu-clock-probe.ts');

interface ProbeReport {
  readonly tellsCompilerApart: boolean;
  readonly pool: { readonly clockMs: number; readonly wallMs: number };
  readonly compiler: {
    readonly clockMs: number;
    readonly compilerMs: number;
    readonly processMs: number;
  };
}

function probe(...args: string[]): ProbeReport {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register', PROBE, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).to.equal(0);
  return JSON.parse(run.stdout) as ProbeReport;
}

describe('benchmark CPU clock', function () {
  this.timeout(90_000);

  describe('in a process that loads it before using the libuv pool', () => {
    let report: ProbeReport;
    before(() => {
      report = probe();
    });

    it('tells V8’s platform workers apart from the other threads', () => {
      expect(report.tellsCompilerApart).to.equal(true);
    });

    it('counts the work SQLite does on a pool thread while the JavaScript thread waits', () => {
      expect(report.pool.clockMs).to.be.greaterThan(0.7 * report.pool.wallMs);
    });

    it('keeps the optimising compiler’s background work out, and accounts for all of it', () => {
      const { clockMs, compilerMs, processMs } = report.compiler;
      expect(compilerMs).to.be.greaterThan(0);
      expect(clockMs + compilerMs).to.be.closeTo(processMs, 2);
    });
  });

  describe('in a process whose libuv pool ran before it loaded', () => {
    it('cannot tell the workers apart, so it counts every thread', () => {
      const report = probe('--pool-first');
      expect(report.tellsCompilerApart).to.equal(false);
      expect(report.compiler.compilerMs).to.equal(0);
      expect(report.compiler.clockMs).to.be.closeTo(report.compiler.processMs, 2);
    });
  });
});
