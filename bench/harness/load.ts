import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Express } from 'express';
import { runBesidePinned } from './cpu-affinity';
import { cpuClock } from './cpu-clock';
import type { LoadReply, LoadRequest } from './load-generator';
import { type StatementTally, tallyStatements } from './statement-counter';

/** A server listening on loopback only, on a port the system picks. */
export interface Listening {
  readonly origin: string;
  /**
   * GET `path` alone, on a connection of its own: the status, the body and the statements that
   * request sent, counted apart from any request of a load still running down.
   */
  probe(path: string): Promise<{ status: number; body: string; statements: number }>;
  close(): Promise<void>;
}

const PROBE = 'x-bench-probe';

export async function listenOnLoopback(app: Express): Promise<Listening> {
  const probes = new Map<string, StatementTally>();
  const server = http.createServer((req, res) => {
    const tally: StatementTally = { statements: 0 };
    const probe = req.headers[PROBE];
    if (typeof probe === 'string') probes.set(probe, tally);
    tallyStatements(tally, () => app(req, res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let probeCount = 0;
  return {
    origin,
    probe: (path) =>
      new Promise((resolve, reject) => {
        const id = String(++probeCount);
        http
          .get(`${origin}${path}`, { agent: false, headers: { [PROBE]: id } }, (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (body += chunk));
            response.on('end', () => {
              const statements = probes.get(id)?.statements ?? 0;
              probes.delete(id);
              resolve({ status: response.statusCode ?? 0, body, statements });
            });
          })
          .on('error', reject);
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export class LoadError extends Error {}

/** What one bounded load cost the server: answered requests, wall time and this process's CPU. */
export interface LoadSample {
  readonly requests: number;
  readonly wall_ms: number;
  readonly cpu_ms: number;
}

/** Sends bounded loads from a process of its own (see `load-generator.ts`), one at a time. */
export interface LoadGenerator {
  /**
   * `connections` clients sending requests to `url` back to back, `requests` in all. Any error,
   * timeout or non-2xx answer stops the benchmark: a fast failure is no result. The CPU time is this process's during the load: the server's, as nothing else
   * runs here meanwhile.
   */
  load(url: string, bound: { connections: number; requests: number }): Promise<LoadSample>;
  close(): void;
}

export async function startLoadGenerator(): Promise<LoadGenerator> {
  const child = fork(path.join(__dirname, 'load-generator.ts'), [], {
    execArgv: ['-r', 'ts-node/register'],
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  if (child.pid !== undefined) runBesidePinned(child.pid);
  return {
    async load(url, bound) {
      const request: LoadRequest = { url, ...bound };
      const clock = await cpuClock();
      const cpuBefore = clock.read();
      const start = performance.now();
      const reply = await new Promise<LoadReply>((resolve, reject) => {
        child.once('message', (message) => resolve(message as LoadReply));
        child.once('exit', (code) => reject(new LoadError(`the load generator exited (${code})`)));
        child.send(request);
      });
      const wallMs = performance.now() - start;
      const cpuMs = clock.read().ms - cpuBefore.ms;
      child.removeAllListeners('exit');
      if (!reply.ok) throw new LoadError(`${url}: ${reply.message}`);
      if (reply.errors || reply.timeouts || reply.non2xx || reply.requests === 0) {
        throw new LoadError(
          `${url}: ${reply.requests} requests, ${reply.errors} errors, ${reply.timeouts} timeouts, ${reply.non2xx} non-2xx`,
        );
      }
      return { requests: reply.requests, wall_ms: wallMs, cpu_ms: cpuMs };
    },
    close: () => child.kill(),
  };
}
