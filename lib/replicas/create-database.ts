import knexFactory, { type Knex } from 'knex';
import { databaseUrl, dialectFor, knexConfig } from '../database/config';
import { type DatabaseTimeouts, timeoutsFromEnv } from '../database/timeouts';
import { Replica, type ReplicaStatus } from './replica';
import { type ReplicaOptions, replicaOptionsFromEnv, replicaUrlsFromEnv } from './replica-options';
import { ReplicaSet } from './replica-set';
import { routeThroughReplicas } from './routed-client';

/** What `createDatabase` opens; every field has a default from the environment. */
export interface DatabaseOptions {
  /** The primary: `DATABASE_URL` by default. */
  url?: string;
  /** Read replicas of the primary: `DATABASE_REPLICA_URLS` (comma-separated) by default. */
  replicaUrls?: readonly string[];
  /** How long to wait on each server: `timeoutsFromEnv()` by default. */
  timeouts?: DatabaseTimeouts;
  /** How replicas are checked and chosen: `replicaOptionsFromEnv()` by default. */
  replicas?: Partial<ReplicaOptions>;
  /** More knex configuration for every pool (such as `log`). */
  knex?: Partial<Knex.Config>;
}

const replicaSets = new WeakMap<object, ReplicaSet>();

/**
 * Opens the database: a knex instance on the primary whose plain reads outside a transaction,
 * and read-only transactions, go to a read replica when one may answer them (in rotation, and
 * past the unit of work's own writes, see `withConsistency`), and everything else to the
 * primary. With no replicas it is `createKnex`. `destroy()` closes the replicas' pools too.
 *
 * @example
 * const knex = createDatabase({
 *   url: 'postgres://app@primary:5432/shop',
 *   replicaUrls: ['postgres://app@replica-1:5432/shop'],
 * });
 * bindModels(knex); // Shop.query() now reads from the replica
 */
export function createDatabase(options: DatabaseOptions = {}): Knex {
  const url = databaseUrl(options.url);
  const timeouts = options.timeouts ?? timeoutsFromEnv();
  const knex = knexFactory({ ...knexConfig(url, timeouts), ...options.knex });
  const replicaUrls = options.replicaUrls ?? replicaUrlsFromEnv();
  if (replicaUrls.length === 0) return knex;

  const dialect = dialectFor(url);
  const replication = dialect.replication;
  for (const replicaUrl of replicaUrls) {
    if (!replication || dialectFor(replicaUrl) !== dialect) {
      void knex.destroy();
      throw new Error(
        `read replicas need a PostgreSQL primary and PostgreSQL replicas: "${replicaUrl}" of "${dialect.name}"`,
      );
    }
  }
  const replicas = replicaUrls.map(
    (replicaUrl) =>
      new Replica(
        replicaUrl,
        knexFactory({ ...dialect.knexConfig(replicaUrl, timeouts), ...options.knex }),
        replication!,
      ),
  );
  const replicaSet = new ReplicaSet(knex.client as Knex.Client, replicas, replication!, {
    ...replicaOptionsFromEnv(),
    ...options.replicas,
  });
  routeThroughReplicas(knex, replicaSet);
  replicaSets.set(knex.client, replicaSet);
  const destroy = knex.client.destroy.bind(knex.client);
  knex.client.destroy = async (callback?: unknown) => {
    await replicaSet.close();
    return destroy(callback);
  };
  replicaSet.start();
  return knex;
}

/**
 * Each replica's state and lag, in the order given; `undefined` for a database without replicas.
 *
 * @example
 * replicaStatusOf(knex) // [{ name: 'postgres://app@replica-1:5432/shop', state: 'up', lagMs: 0, … }]
 */
export function replicaStatusOf(knex: Knex): ReplicaStatus[] | undefined {
  return replicaSets.get(knex.client)?.status();
}

/**
 * Checks every replica now, rather than at the next periodic check (tests, `/health`).
 *
 * @example
 * await checkReplicas(knex); replicaStatusOf(knex); // fresh states
 */
export async function checkReplicas(knex: Knex): Promise<void> {
  await replicaSets.get(knex.client)?.check();
}
