/**
 * The progress line: rewritten in place on a terminal, one line per workload otherwise, so that
 * logs stay short (and where another process shares the terminal: `mayRewrite` false). Each
 * finished workload leaves a line with the time it took, so that a slow run shows where its
 * minutes went.
 */
export function progressLine(
  prefix: string,
  mayRewrite: boolean,
): {
  update(status: string): void;
  finished(workload: string, seconds: number): void;
  end(): void;
} {
  const isTerminal = mayRewrite && process.stderr.isTTY;
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
    finished(workload, seconds) {
      const line = `${prefix} ${workload} done in ${seconds.toFixed(1)} s`;
      process.stderr.write(isTerminal ? `\r${line}\x1b[K\n` : `${line}\n`);
    },
    end() {
      if (isTerminal) process.stderr.write('\r\x1b[K');
    },
  };
}
