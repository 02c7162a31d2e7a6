import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import pino from 'pino';
import { allModels, demoKnexConfig } from '../../demo';
import { createApp } from '../../http';
import { createDatabase, knexConfig, maintenanceTimeoutsFromEnv } from '../../lib';
import {
  createReplicaPair,
  type ReplicaPair,
  whyNoReplicaPair,
} from '../../scripts/local-postgres/replica-pair';
import type { BenchContext } from '../harness/context';
import { listenOnLoopback, startLoadGenerator } from '../harness/load';
import { ResultMismatchError } from '../harness/rounds';
import type { Measurement, RunSample, Workload } from '../harness/workload';
import { loadShops } from './fixtures';

/** The two set-ups under load: every read on the primary, and reads on one replica. */
const SETUPS = ['no-replica', 'one-replica'] as const;

export interface ReplicaReadsLoad {
  readonly shops: number;
  readonly perShop: number;
  /** How many requests each load sends. */
  readonly requests: number;
  readonly connections: number;
  /**
   * At most this many measured rounds, fewer than the run's: the workload judges no target, it
   * shows where statements go and what routing costs, and every round is two loads through HTTP
   * on a pair of clusters of its own (1,000 requests a load for 10 rounds took 5 minutes of a full run).
   */
  readonly maxRounds: number;
}

const PATH = '/shops?include=products&limit=100';

/** Statements received per server port while it is installed (on top of the harness's counter). */
function countByPort(): { counts: Map<number, number>; uninstall(): void } {
  const counts = new Map<number, number>();
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    counts.set(this.port, (counts.get(this.port) ?? 0) + 1);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  return { counts, uninstall: () => (pg.Client.prototype.query = original) };
}

async function waitForReplay(pair: ReplicaPair): Promise<void> {
  const primary = knexFactory(knexConfig(pair.primaryUrl));
  const replica = knexFactory(knexConfig(pair.replicaUrl));
  try {
    const { rows } = await primary.raw<{ rows: Array<{ lsn: string }> }>(
      'select pg_current_wal_lsn()::text as lsn',
    );
    for (;;) {
      const { rows: done } = await replica.raw<{ rows: Array<{ ok: boolean }> }>(
        'select pg_last_wal_replay_lsn() >= ?::pg_lsn as ok',
        [rows[0]!.lsn],
      );
      if (done[0]?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await Promise.all([primary.destroy(), replica.destroy()]);
  }
}

/**
 * `GET /shops?include=products&limit=100` under load on a primary + streaming replica pair of
 * the benchmark's own (PostgreSQL 15 clusters it makes and removes; root only): the API with
 * no replica against the API reading from one, in alternating rounds, with the requests per
 * second and where the statements went. Both servers share the machine's CPUs, so what it
 * measures is the routing's cost and the primary's relief, not a second machine's capacity.
 * Only on PostgreSQL; where no pair can be made it reports why and measures nothing.
 */
export function replicaReads(load: ReplicaReadsLoad): Workload {
  const name = 'replica-reads';
  return {
    name,
    async run(ctx, { rounds, warmup, onProgress }): Promise<Measurement[]> {
      if (ctx.dialect.name !== 'postgres') return [];
      const reason = whyNoReplicaPair();
      if (reason) {
        onProgress?.(`${name}: no replica pair (${reason}), not measured`);
        return [];
      }
      onProgress?.(`${name}: making a primary + replica pair`);
      const pair = await createReplicaPair();
      const open: Knex[] = [];
      try {
        const migrator = knexFactory(demoKnexConfig(pair.primaryUrl, maintenanceTimeoutsFromEnv()));
        open.push(migrator);
        await migrator.migrate.latest();
        await loadShops({ ...ctx, knex: migrator } as BenchContext, load.shops, load.perShop);
        await waitForReplay(pair);
        const primaryOnly = knexFactory(knexConfig(pair.primaryUrl));
        const routed = createDatabase({ url: pair.primaryUrl, replicaUrls: [pair.replicaUrl] });
        open.push(primaryOnly, routed);
        const measured = Math.min(rounds, load.maxRounds);
        return await measureSetups(pair, [primaryOnly, routed], load, measured, warmup, onProgress);
      } finally {
        await Promise.all(open.map((knex) => knex.destroy()));
        await pair.remove();
      }
    },
  };
}

async function measureSetups(
  pair: ReplicaPair,
  databases: Knex[],
  load: ReplicaReadsLoad,
  rounds: number,
  warmup: number,
  onProgress?: (status: string) => void,
): Promise<Measurement[]> {
  const logger = pino({ level: 'silent' });
  const listening = await Promise.all(
    databases.map((knex) => listenOnLoopback(createApp({ knex, models: allModels, logger }))),
  );
  const generator = await startLoadGenerator();
  const samples = new Map(SETUPS.map((setup) => [setup, [] as RunSample[]]));
  try {
    for (let round = 0; round < warmup + rounds; round++) {
      let reference: string | undefined;
      const order = SETUPS.map((_, index) => SETUPS[(index + round) % SETUPS.length]!);
      for (const setup of order) {
        const server = listening[SETUPS.indexOf(setup)]!;
        const phase = round < warmup ? 'warm-up' : `round ${round - warmup + 1}/${rounds}`;
        onProgress?.(`replica-reads ${phase} ${setup}`);
        const byPort = countByPort();
        const sample = await generator
          .load(`${server.origin}${PATH}`, {
            connections: load.connections,
            requests: load.requests,
          })
          .finally(() => byPort.uninstall());
        const { status, body, statements } = await server.probe(PATH);
        if (status !== 200) throw new ResultMismatchError(`replica-reads ${setup}: ${status}`);
        const json = JSON.stringify(JSON.parse(body));
        if (reference !== undefined && json !== reference) {
          throw new ResultMismatchError(`replica-reads: ${setup} answers otherwise`);
        }
        reference = json;
        const perRequest = (port: number) => (byPort.counts.get(port) ?? 0) / sample.requests;
        if (round >= warmup) {
          samples.get(setup)!.push({
            ...sample,
            statements,
            statements_per_request: {
              primary: perRequest(pair.primaryPort),
              replicas: perRequest(pair.replicaPort),
            },
          });
        }
      }
    }
  } finally {
    generator.close();
    await Promise.all(listening.map((server) => server.close()));
  }
  return SETUPS.map((setup) => ({ contender: setup, samples: samples.get(setup)! }));
}
