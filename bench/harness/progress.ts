/**
 * The progress line: rewritten in place on a terminal, one line per workload otherwise, so that
 * logs stay short.
 */
export function progressLine(prefix: string): { update(status: string): void; end(): void } {
  const isTerminal = process.stderr.isTTY;
  let lastWorkload = '';
  return {
    update(status) {
      if (isTerminal) {
        process.stderr.write(`\r${prefix} ${status}\x1b[K`);
        return;
      }
      const workload = status.split(' ')[0]!;
      if (workload !== lastWorkload) process.stderr.write(`${prefix} ${workload}\n`);
      lastWorkload = workload;
    },
    end() {
      if (isTerminal) process.stderr.write('\r\x1b[K');
    },
  };
}
