import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import type { Express } from 'express';
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

/** What one bounded load on one server measured. */
export interface LoadSample {
  readonly requestsPerSecond: number;
  readonly meanLatencyMs: number;
}

export class LoadError extends Error {}

/**
 * `connections` clients sending requests to `url` back to back for `seconds`. Any error,
 * timeout or non-2xx answer stops the benchmark: a fast failure is no result.
 */
export async function loadFor(
  url: string,
  { connections, seconds }: { connections: number; seconds: number },
): Promise<LoadSample> {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.errors || result.timeouts || result.non2xx || result.requests.total === 0) {
    throw new LoadError(
      `${url}: ${result.requests.total} requests, ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  }
  return {
    requestsPerSecond: result.requests.total / result.duration,
    meanLatencyMs: result.latency.mean,
  };
}
