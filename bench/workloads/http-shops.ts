import pino from 'pino';
import { allModels } from '../../demo';
import { createApp } from '../../http';
import type { BenchContext } from '../harness/context';
import { type Listening, listenOnLoopback, startLoadGenerator } from '../harness/load';
import { ResultMismatchError } from '../harness/rounds';
import type { Measurement, RunSample, Workload } from '../harness/workload';
import { expressKnexApp } from '../http/express-knex';
import { loadShops } from './fixtures';

/** The servers under load: the project's API and a hand-written Express + Knex handler. */
const SERVERS = ['layer', 'knex'] as const;
type ServerName = (typeof SERVERS)[number];

export interface HttpLoad {
  /** Shops loaded, with `perShop` products each. */
  readonly shops: number;
  readonly perShop: number;
  /** About how long one server's load lasts, in seconds: it sets the requests per load. */
  readonly seconds: number;
  /** Concurrent connections of the load generator. */
  readonly connections: number;
}

function startServers(ctx: BenchContext): Promise<Listening[]> {
  // A silent logger: both servers then spend nothing on logging.
  const layer = createApp({ knex: ctx.knex, models: allModels, logger: pino({ level: 'silent' }) });
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
 * `path` under load from a generator in another process, on loopback, against both servers in
 * alternating rounds. A first timed load of each server sets how many requests every later load
 * sends (about `load.seconds` worth at the slower one's rate, at least two per connection), so
 * that within a round both answer the same number and their CPU and wall times compare per
 * request. After each load, one
 * request alone must answer the same JSON as the other server's, and counts the statements a
 * request sends.
 */
function httpWorkload(name: string, path: string, load: HttpLoad): Workload {
  return {
    name,
    async run(ctx, { rounds, warmup, onProgress }): Promise<Measurement[]> {
      await loadShops(ctx, load.shops, load.perShop);
      const listening = await startServers(ctx);
      const generator = await startLoadGenerator();
      const samples = new Map(SERVERS.map((server) => [server, [] as RunSample[]]));
      const urlOf = (server: ServerName) => `${listening[SERVERS.indexOf(server)]!.origin}${path}`;
      try {
        // A first load of each server, a few requests per connection, sets the rate.
        onProgress?.(`${name} calibration`);
        const fewest = 2 * load.connections;
        const rates: number[] = [];
        for (const server of SERVERS) {
          const timed = await generator.load(urlOf(server), {
            connections: load.connections,
            requests: fewest,
          });
          rates.push((timed.requests * 1000) / timed.wall_ms);
        }
        const requests = Math.max(fewest, Math.round(Math.min(...rates) * load.seconds));
        for (let round = 0; round < warmup + rounds; round++) {
          let reference: { server: ServerName; json: string } | undefined;
          const order = SERVERS.map((_, index) => SERVERS[(index + round) % SERVERS.length]!);
          for (const server of order) {
            const phase = round < warmup ? 'warm-up' : `round ${round - warmup + 1}/${rounds}`;
            onProgress?.(`${name} ${phase} ${server}`);
            const sample = await generator.load(urlOf(server), {
              connections: load.connections,
              requests,
            });
            const { json, statements } = await probe(listening[SERVERS.indexOf(server)]!, path);
            if (!reference) reference = { server, json };
            else if (json !== reference.json) {
              throw new ResultMismatchError(
                `${name} [${ctx.dialect.name}]: ${server} does not answer what ${reference.server} answers`,
              );
            }
            if (sample.requests !== requests) {
              throw new ResultMismatchError(
                `${name}: ${sample.requests} requests answered, ${requests} sent`,
              );
            }
            if (round >= warmup) samples.get(server)!.push({ ...sample, statements });
          }
        }
      } finally {
        generator.close();
        await Promise.all(listening.map((server) => server.close()));
      }
      return SERVERS.map((server) => ({ contender: server, samples: samples.get(server)! }));
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
