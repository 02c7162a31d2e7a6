import { spawnSync } from 'node:child_process';
import os from 'node:os';

/**
 * The SQLite process runs on one CPU, the last, when the machine has more than one and
 * `taskset` (util-linux) is there; `--no-pin` turns it off.
 *
 * sqlite3 hands every statement to a libuv worker thread and wakes the main thread with the
 * result. When the two threads sit on different CPUs, each hand-off is a cross-CPU wake-up, and
 * on the 2-CPU virtual machine this benchmark runs on that cost as much CPU time as the statement
 * itself and changed with whatever the other CPU was doing: knex's `pk-lookup` (2,000 statements)
 * took a median 291 ms of CPU unpinned and 127 ms pinned, in runs of the same code minutes apart.
 * Pinned, a hand-off is a context switch on one CPU: the CPU time is what the code costs, for
 * every contender alike. PostgreSQL's process is not pinned: there the server answers in
 * processes of its own, and pinning the client showed no steadier times.
 */
export function sqliteCpu(isPinningWanted: boolean): number | null {
  const cpus = os.cpus().length;
  if (!isPinningWanted || cpus < 2 || process.platform !== 'linux') return null;
  const probe = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  return probe.status === 0 ? cpus - 1 : null;
}

/** The command that runs `args` on `cpu` (or as they are, for null). */
export function pinnedCommand(
  cpu: number | null,
  command: string,
  args: string[],
): [string, ...string[]] {
  return cpu === null ? [command, ...args] : ['taskset', '-c', String(cpu), command, ...args];
}

/**
 * Lets process `pid` (a child of a pinned process, which inherits the pinning) run on every CPU
 * but the pinned one: the HTTP workloads' load generator, which must not take the server's CPU.
 */
export function runBesidePinned(pid: number): void {
  const pinned = process.env.BENCH_PINNED_CPU;
  if (pinned === undefined) return;
  const others = os
    .cpus()
    .map((_, index) => index)
    .filter((index) => index !== Number(pinned));
  if (others.length)
    spawnSync('taskset', ['-p', '-c', others.join(','), String(pid)], { stdio: 'ignore' });
}
