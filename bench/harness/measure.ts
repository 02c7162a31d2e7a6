import { cpuClock } from './cpu-clock';
import { statementsSent } from './statement-counter';
import type { RunSample } from './workload';

type GarbageCollector = (options: { type: 'minor' }) => void;

/**
 * Empties the young generation, so that a run does not pay for the garbage the contender before
 * it left. A full collection here would not do: it shrinks the heap and slows the next run down.
 */
function collectYoungGarbage(): void {
  (globalThis as { gc?: GarbageCollector }).gc?.({ type: 'minor' });
}

/**
 * Runs `work` once and measures it: wall-clock time, this process's CPU time (user and system,
 * every thread but V8's background compiler, whose time is kept apart: see `cpuClock`) and the
 * statements sent. The CPU time is what the process itself spent, whatever else shares the
 * machine; the wall time is what a caller waited.
 */
export async function measureRun<T>(
  work: () => PromiseLike<T>,
): Promise<{ result: T; sample: RunSample }> {
  const clock = await cpuClock();
  collectYoungGarbage();
  const statementsBefore = statementsSent();
  const cpuBefore = clock.read();
  const start = performance.now();
  const result = await work();
  const wallMs = performance.now() - start;
  const cpuAfter = clock.read();
  return {
    result,
    sample: {
      wall_ms: wallMs,
      cpu_ms: cpuAfter.ms - cpuBefore.ms,
      compiler_cpu_ms: cpuAfter.compilerMs - cpuBefore.compilerMs,
      statements: statementsSent() - statementsBefore,
    },
  };
}
