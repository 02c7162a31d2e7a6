import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** A server started as `npm start` starts it, in a process of its own. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Its log, one parsed JSON line each, as it writes them. */
  readonly lines: Array<Record<string, unknown>>;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
}

/** A log line as JSON; a line that is not JSON (which the server should never print) as text. */
function parsedLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { text: line };
  }
}

/**
 * Starts `scripts/start.ts` (what `npm start` runs) with `env` on top of this process's, and
 * resolves once it listens. Rejects if it exits first or does not listen within `timeoutMs`.
 *
 * @example
 * const server = await startServerProcess({ DATABASE_URL: 'sqlite:/tmp/x.sqlite3' });
 * server.child.kill('SIGTERM');
 */
export function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not listen within ${timeoutMs} ms`));
    }, timeoutMs);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) {
        const entry = parsedLine(line);
        lines.push(entry);
        if (typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve({ child, port: entry.port, lines, exited });
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}: ${JSON.stringify(lines)}`));
    });
  });
}
