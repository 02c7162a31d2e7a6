import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { demoKnexConfig } from '../../demo';
import { createDatabase, type DatabaseOptions, knexConfig, truncateAllTables } from '../../lib';
import {
  createReplicaPair,
  type ReplicaPair,
  whyNoReplicaPair,
} from '../../scripts/local-postgres/replica-pair';

let shared: Promise<ReplicaPair> | undefined;

/**
 * The run's primary + streaming replica pair, made once on first use (migrated, no apply delay)
 * and removed by the root hook: every replica spec of a run shares it.
 */
export function sharedReplicaPair(): Promise<ReplicaPair> {
  shared ??= (async () => {
    const pair = await createReplicaPair();
    const migrator = knexFactory(demoKnexConfig(pair.primaryUrl));
    try {
      await migrator.migrate.latest();
    } finally {
      await migrator.destroy();
    }
    return pair;
  })();
  return shared;
}

/** Removes the run's pair, if one was made. */
export async function removeSharedReplicaPair(): Promise<void> {
  const pair = await shared?.catch(() => undefined);
  shared = undefined;
  await pair?.remove();
}

/**
 * Declares a suite that needs a real streaming replica. Where none can be made (no root, no
 * cluster tools) its tests are pending with the reason; with `CI=true` that fails the run.
 */
export function describeWithReplicaPair(
  title: string,
  body: (pair: () => ReplicaPair) => void,
): void {
  describe(`[replicas] ${title}`, function () {
    let pair: ReplicaPair | undefined;
    before(async function () {
      this.timeout(120_000);
      const reason = whyNoReplicaPair();
      if (reason && process.env.CI !== 'true') {
        console.warn(`replica specs pending: ${reason}`);
        this.skip();
      }
      pair = await sharedReplicaPair();
    });
    body(() => {
      if (!pair) throw new Error('the replica pair is made in the suite’s before hook');
      return pair;
    });
  });
}

function textOf(query: unknown): string {
  return typeof query === 'string' ? query : String((query as { text?: unknown }).text);
}

/** Statements each server received, seen on the wire (pg's `Client#query`), by port. */
export class StatementsByPort {
  private readonly sent = new Map<number, string[]>();
  private readonly original = pg.Client.prototype.query;

  constructor() {
    const sent = this.sent;
    const original = this.original;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      sent.set(this.port, [...(sent.get(this.port) ?? []), textOf(args[0])]);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
  }

  /** How many statements the server on `port` received. */
  of(port: number): number {
    return this.sqlOf(port).length;
  }

  /** The statements the server on `port` received, in order. */
  sqlOf(port: number): string[] {
    return this.sent.get(port) ?? [];
  }

  reset(): void {
    this.sent.clear();
  }

  uninstall(): void {
    pg.Client.prototype.query = this.original;
  }
}

/** A routed database on the pair, with fast replica checks unless `options` says otherwise. */
export function openRouted(pair: ReplicaPair, options: DatabaseOptions = {}): Knex {
  return createDatabase({
    url: pair.primaryUrl,
    replicaUrls: [pair.replicaUrl],
    ...options,
    replicas: { checkIntervalMs: 100, ...options.replicas },
    // knex warns of every connection a stopped replica drops: expected here.
    knex: { log: { warn: () => undefined }, ...options.knex },
  });
}

/** Empties the pair's tables, on the primary (the replica follows). */
export async function emptyPair(pair: ReplicaPair): Promise<void> {
  const knex = knexFactory(knexConfig(pair.primaryUrl));
  try {
    await truncateAllTables(knex);
  } finally {
    await knex.destroy();
  }
}

/** Waits until the replica has every commit the primary has now. */
export async function replicaCaughtUp(pair: ReplicaPair, timeoutMs = 10_000): Promise<void> {
  const primary = knexFactory(knexConfig(pair.primaryUrl));
  const replica = knexFactory(knexConfig(pair.replicaUrl));
  try {
    const { rows } = await primary.raw<{ rows: Array<{ lsn: string }> }>(
      'select pg_current_wal_lsn()::text as lsn',
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows: caught } = await replica.raw<{ rows: Array<{ done: boolean }> }>(
        'select pg_last_wal_replay_lsn() >= ?::pg_lsn as done',
        [rows[0]!.lsn],
      );
      if (caught[0]?.done) return;
      if (Date.now() > deadline) throw new Error('the replica did not catch up in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await Promise.all([primary.destroy(), replica.destroy()]);
  }
}
