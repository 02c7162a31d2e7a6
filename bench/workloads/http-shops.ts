import pino from 'pino';
import { createApp } from '../../http';
import type { BenchContext } from '../harness/context';
import { listenOnLoopback, type Listening, loadFor, type LoadSample } from '../harness/load';
import { ResultMismatchError } from '../harness/rounds';
import { median, summarise } from '../harness/stats';
import type { Measurement, Workload } from '../harness/workload';
import { expressKnexApp } from '../http/express-knex';
import { loadShops } from './fixtures';

/** The servers under load: the project's API and a hand-written Express + Knex handler. */
const SERVERS = ['layer', 'knex'] as const;
type ServerName = (typeof SERVERS)[number];

export interface HttpLoad {
  /** Shops loaded, with `perShop` products each. */
  readonly shops: number;
  readonly perShop: number;
  /** Load per server per round, in seconds. */
  readonly seconds: number;
  /** Concurrent connections of the load generator. */
  readonly connections: number;
}

function startServers(ctx: BenchContext): Promise<Listening[]> {
  // A silent logger: both servers then spend nothing on logging.
  const layer = createApp({ knex: ctx.knex, logger: pino({ level: 'silent' }) });
  return Promise.all([listenOnLoopback(layer), listenOnLoopback(expressKnexApp(ctx.knex))]);
}

/** `path` requested alone: its body as normalised JSON, to compare, and its statements. */
async function probe(
  server: Listening,
  path: string,
): Promise<{ json: string; statements: number }> {
  const { status, body, statements } = await server.probe(path);
  if (status !== 200) throw new ResultMismatchError(`${server.origin}${path}: ${status} ${body}`);
  return { json: JSON.stringify(JSON.parse(body)), statements };
}

/**
 * Requests per second on `path` under autocannon, from loopback, against both servers in
 * interleaved rounds. After each server's load, one request alone must answer the same JSON as
 * the other server's, and counts the statements a request sends.
 */
function httpWorkload(name: string, path: string, load: HttpLoad): Workload {
  return {
    name,
    async run(ctx, { rounds, warmup, onProgress }): Promise<Measurement[]> {
      await loadShops(ctx, load.shops, load.perShop);
      const listening = await startServers(ctx);
      const samples = new Map(
        SERVERS.map((server) => [server, { load: [] as LoadSample[], statements: [] as number[] }]),
      );
      try {
        for (let round = 0; round < warmup + rounds; round++) {
          let reference: { server: ServerName; json: string } | undefined;
          const order = SERVERS.map((_, index) => SERVERS[(index + round) % SERVERS.length]!);
          for (const server of order) {
            const phase = round < warmup ? 'warm-up' : `round ${round - warmup + 1}/${rounds}`;
            onProgress?.(`${name} ${phase} ${server}`);
            const listener = listening[SERVERS.indexOf(server)]!;
            const sample = await loadFor(`${listener.origin}${path}`, load);
            const { json, statements } = await probe(listener, path);
            if (!reference) reference = { server, json };
            else if (json !== reference.json) {
              throw new ResultMismatchError(
                `${name} [${ctx.dialect.name}]: ${server} does not answer what ${reference.server} answers`,
              );
            }
            if (round >= warmup) {
              samples.get(server)!.load.push(sample);
              samples.get(server)!.statements.push(statements);
            }
          }
        }
      } finally {
        await Promise.all(listening.map((server) => server.close()));
      }
      return SERVERS.map((server) => {
        const { load: measured, statements } = samples.get(server)!;
        const latencies = measured.map((sample) => sample.meanLatencyMs);
        return {
          ...summarise(server, latencies, statements),
          requests_per_s: median(measured.map((sample) => sample.requestsPerSecond)),
        };
      });
    },
  };
}

/** `GET /shops/1?include=products`: one shop with its products. */
export function httpGetShop(load: HttpLoad): Workload {
  return httpWorkload('http-get-shop', '/shops/1?include=products', load);
}

/** `GET /shops?include=products&limit=100`: a page of shops with their products, and the total. */
export function httpListShops(load: HttpLoad): Workload {
  return httpWorkload('http-list-shops', '/shops?include=products&limit=100', load);
}
