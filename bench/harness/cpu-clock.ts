import fs from 'node:fs';

/**
 * The CPU time a contender costs, told apart from V8's background compiler.
 *
 * `process.cpuUsage` counts every thread of the process. Most of them do the contender's work:
 * the JavaScript thread, and on SQLite the libuv pool that runs the statements. But V8's platform
 * workers compile optimised code in the background, and in a benchmark process that runs ten
 * contenders in turn they never stop: code shared by several contenders (knex's, Objection's,
 * the promise hooks) sees new types from each, is deoptimised and compiled again, and that work
 * lands in whichever turn happens to run when the compiler finishes. Measured on SQLite's
 * `eager-2level`, one run counted both ways: the interquartile range of the per-round ratio fell
 * from 8.5 to 3.5 % for the layer, from 11.2 to 3.9 % for Objection, with it left out
 * (docs/performance.md). So a run's CPU time here is the process's less the platform workers'.
 *
 * Those workers are the threads the process has before anything has used the libuv pool: V8
 * starts them with the isolate, libuv starts its pool on first use. The census below is taken
 * when this module loads, and checked by using the pool once: if no thread appears, the pool was
 * there already and the census cannot tell the workers apart, so the clock counts every thread
 * (`tellsCompilerApart` false, and the report says so). The benchmark's processes run with
 * `--single-threaded-gc`, so that the collector's work, which is the contender's, stays on the
 * JavaScript thread and is counted.
 */

const TASKS = '/proc/self/task';

function threadIds(): string[] {
  try {
    return fs.readdirSync(TASKS);
  } catch {
    return [];
  }
}

/** Open `schedstat` files of the platform workers: read again and again, as a read is cheap. */
function openSchedstats(ids: readonly string[]): number[] | null {
  const descriptors: number[] = [];
  try {
    for (const id of ids) descriptors.push(fs.openSync(`${TASKS}/${id}/schedstat`, 'r'));
    return descriptors;
  } catch {
    for (const descriptor of descriptors) fs.closeSync(descriptor);
    return null;
  }
}

const buffer = Buffer.alloc(128);

/**
 * Nanoseconds a thread has run, the first field of its `schedstat`. A thread that has exited
 * can no longer be read: it keeps its last reading, since its time stays in the process's.
 */
function runNanoseconds(descriptor: number, last: number): number {
  try {
    const length = fs.readSync(descriptor, buffer, 0, buffer.length, 0);
    return Number(buffer.toString('latin1', 0, length).split(' ', 1)[0]);
  } catch {
    return last;
  }
}

const workerIds = threadIds().filter((id) => id !== String(process.pid));
const workers = workerIds.length > 0 ? openSchedstats(workerIds) : null;
const lastReadings: number[] = [];

const census: Promise<boolean> = new Promise((resolve) => {
  if (!workers) return resolve(false);
  fs.stat(__filename, () => resolve(threadIds().length > workerIds.length + 1));
});

/** Cumulative CPU time, in milliseconds, since the process started. */
export interface CpuReading {
  /** Every thread but V8's platform workers (all of them if those cannot be told apart). */
  readonly ms: number;
  /** V8's platform workers: the background compiler (0 if they cannot be told apart). */
  readonly compilerMs: number;
}

export interface CpuClock {
  read(): CpuReading;
  /** Whether the platform workers' time is told apart from the rest. */
  readonly tellsCompilerApart: boolean;
}

/** The process's CPU time so far, every thread: what `process.cpuUsage` counts. */
export function processMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

let clock: Promise<CpuClock> | undefined;

/** The process's clock, once the census is checked. */
export function cpuClock(): Promise<CpuClock> {
  clock ??= census.then((tellsCompilerApart) => ({
    tellsCompilerApart,
    read(): CpuReading {
      if (!tellsCompilerApart) return { ms: processMs(), compilerMs: 0 };
      let compilerNs = 0;
      workers!.forEach((descriptor, index) => {
        lastReadings[index] = runNanoseconds(descriptor, lastReadings[index] ?? 0);
        compilerNs += lastReadings[index];
      });
      const compilerMs = compilerNs / 1e6;
      return { ms: processMs() - compilerMs, compilerMs };
    },
  }));
  return clock;
}
