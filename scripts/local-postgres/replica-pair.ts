import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);

const VERSION = '15';
/** Every cluster this script creates is named so, and only such clusters are ever removed. */
export const CLUSTER_PREFIX = 'rlreplica_';
const DATABASE = 'layer';
// Each command of the set-up is bounded, so that a wedged tool fails the set-up, not the run.
const COMMAND_TIMEOUT_MS = 60_000;

/** A primary PostgreSQL 15 cluster with one streaming replica, both of this script's own. */
export interface ReplicaPair {
  readonly primaryUrl: string;
  readonly replicaUrl: string;
  readonly primaryPort: number;
  readonly replicaPort: number;
  /** Delays the replica's replay of each commit by `ms` (`recovery_min_apply_delay`); 0 for none. */
  setApplyDelay(ms: number): Promise<void>;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops and removes both clusters. */
  remove(): Promise<void>;
}

async function command(file: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(file, args, { timeout: COMMAND_TIMEOUT_MS });
  return stdout;
}

/** Runs `file` as the `postgres` operating-system user, which owns the clusters' files. */
function asPostgres(file: string, args: readonly string[]): Promise<string> {
  return command('runuser', ['-u', 'postgres', '--', file, ...args]);
}

const ctl = (name: string, action: 'start' | 'stop') =>
  command('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, name, action]);

function psql(port: number, sql: string): Promise<string> {
  return command('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-XAtqc', sql]);
}

// Trust for 127.0.0.1 only, replication included: these clusters listen nowhere else.
const HBA = [
  'local all all trust',
  'host all all 127.0.0.1/32 trust',
  'host replication all 127.0.0.1/32 trust',
].join('\n');

// Scratch clusters: durability is not what the tests are about, speed is.
const SETTINGS = [
  "listen_addresses = '127.0.0.1'",
  'fsync = off',
  'full_page_writes = off',
  'max_connections = 100',
].join('\n');

async function createCluster(name: string, port: number): Promise<void> {
  await command('pg_createcluster', [VERSION, name, '-p', String(port)]);
  const config = path.join('/etc/postgresql', VERSION, name);
  fs.writeFileSync(path.join(config, 'conf.d', 'scaleout.conf'), `${SETTINGS}\n`);
  fs.writeFileSync(path.join(config, 'pg_hba.conf'), `${HBA}\n`);
}

function dataDirectory(name: string): string {
  return path.join('/var/lib/postgresql', VERSION, name);
}

async function dropCluster(name: string): Promise<void> {
  await command('pg_dropcluster', ['--stop', VERSION, name]).catch(() => undefined);
}

/** The clusters this script created in processes that are gone: left by a run that was killed. */
async function removeAbandonedClusters(): Promise<void> {
  const root = path.join('/etc/postgresql', VERSION);
  const names = fs.existsSync(root) ? fs.readdirSync(root) : [];
  for (const name of names.filter((each) => each.startsWith(CLUSTER_PREFIX))) {
    const pid = Number(name.slice(CLUSTER_PREFIX.length).split('_')[0]);
    if (Number.isSafeInteger(pid) && !isAlive(pid)) await dropCluster(name);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a replica pair cannot be made on this machine (not root, no cluster tools), or
 * `undefined` when it can.
 */
export function whyNoReplicaPair(): string | undefined {
  if (process.getuid?.() !== 0) return 'making PostgreSQL clusters needs root';
  const tools = ['pg_createcluster', 'pg_ctlcluster', 'pg_basebackup', 'runuser'];
  const missing = tools.filter(
    (tool) => !['/usr/bin', '/usr/sbin'].some((dir) => fs.existsSync(path.join(dir, tool))),
  );
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  if (!fs.existsSync(path.join('/usr/lib/postgresql', VERSION))) return `no PostgreSQL ${VERSION}`;
  return undefined;
}

/**
 * Creates a primary and a streaming replica of it, two PostgreSQL 15 clusters of their own on
 * free ports (`rlreplica_<pid>_primary`, `rlreplica_<pid>_replica`): the replica is a
 * `pg_basebackup -R` of the primary. The shared cluster and its configuration are never touched.
 * Clusters left by a killed run of this script are removed first.
 *
 * @example
 * const pair = await createReplicaPair({ applyDelayMs: 1000 });
 * try { … pair.primaryUrl, pair.replicaUrl … } finally { await pair.remove(); }
 */
export async function createReplicaPair({ applyDelayMs = 0 } = {}): Promise<ReplicaPair> {
  const reason = whyNoReplicaPair();
  if (reason) throw new Error(`cannot make a replica pair: ${reason}`);
  await removeAbandonedClusters();
  const base = `${CLUSTER_PREFIX}${process.pid}_${Date.now().toString(36)}`;
  const primary = `${base}_primary`;
  const replica = `${base}_replica`;
  const primaryPort = await freePort();
  const replicaPort = await freePort([primaryPort]);
  try {
    await createCluster(primary, primaryPort);
    await ctl(primary, 'start');
    await psql(primaryPort, `CREATE DATABASE ${DATABASE}`);
    await createCluster(replica, replicaPort);
    const replicaData = dataDirectory(replica);
    // pg_basebackup fills an empty directory; the cluster's own, owned by postgres, is kept.
    for (const entry of fs.readdirSync(replicaData)) {
      fs.rmSync(path.join(replicaData, entry), { recursive: true, force: true });
    }
    await asPostgres(`/usr/lib/postgresql/${VERSION}/bin/pg_basebackup`, [
      ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres'],
      ...['-D', replicaData, '-R', '-X', 'stream', '-c', 'fast'],
    ]);
    fs.appendFileSync(
      path.join('/etc/postgresql', VERSION, replica, 'conf.d', 'scaleout.conf'),
      `recovery_min_apply_delay = '${applyDelayMs}ms'\n`,
    );
    await ctl(replica, 'start');
  } catch (error) {
    await dropCluster(replica);
    await dropCluster(primary);
    throw error;
  }
  const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/${DATABASE}`;
  return {
    primaryUrl: url(primaryPort),
    replicaUrl: url(replicaPort),
    primaryPort,
    replicaPort,
    async setApplyDelay(ms) {
      await psql(replicaPort, `ALTER SYSTEM SET recovery_min_apply_delay = '${Math.round(ms)}ms'`);
      await psql(replicaPort, 'SELECT pg_reload_conf()');
    },
    stopReplica: () => ctl(replica, 'stop').then(() => undefined),
    startReplica: () => ctl(replica, 'start').then(() => undefined),
    async remove() {
      await dropCluster(replica);
      await dropCluster(primary);
    },
  };
}
