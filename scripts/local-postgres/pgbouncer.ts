import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

const PGBOUNCER = '/usr/sbin/pgbouncer';

/** A PgBouncer of this script's own, in transaction mode, in front of one PostgreSQL server. */
export interface RunningPgBouncer {
  readonly port: number;
  /** The URL of `database` through the pooler. */
  urlOf(database: string): string;
  stop(): Promise<void>;
}

function idOf(which: '-u' | '-g'): number {
  return Number(execFileSync('id', [which, 'postgres']).toString().trim());
}

/** Why no PgBouncer can be started here (not installed, not root), or `undefined`. */
export function whyNoPgBouncer(): string | undefined {
  if (!fs.existsSync(PGBOUNCER)) return 'pgbouncer is not installed (apt-get install pgbouncer)';
  if (process.getuid?.() !== 0) return 'starting pgbouncer as the postgres user needs root';
  return undefined;
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.end() !== undefined));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts PgBouncer (`pool_mode = transaction`) on a free port in front of the server at
 * `serverPort`, with its own ini, auth and log files in a temporary directory (removed by
 * `stop`); every database name passes through, and each gets at most `poolSize` server
 * connections, which the clients' transactions take turns on.
 *
 * @example
 * const bouncer = await startPgBouncer({ serverPort: 5432 });
 * createKnex(`${bouncer.urlOf('shop')}?pooler=transaction`);
 */
export async function startPgBouncer({
  serverPort,
  poolSize = 2,
}: {
  serverPort: number;
  poolSize?: number;
}): Promise<RunningPgBouncer> {
  const reason = whyNoPgBouncer();
  if (reason) throw new Error(`cannot start pgbouncer: ${reason}`);
  const port = await freePort([serverPort]);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-pgbouncer-'));
  const [uid, gid] = [idOf('-u'), idOf('-g')];
  // Its log and pid files are written by pgbouncer itself, as the postgres user.
  fs.chownSync(directory, uid, gid);
  const file = (name: string) => path.join(directory, name);
  fs.writeFileSync(file('users.txt'), '"postgres" ""\n');
  fs.writeFileSync(
    file('pgbouncer.ini'),
    [
      '[databases]',
      `* = host=127.0.0.1 port=${serverPort}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${file('users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 500',
      `logfile = ${file('pgbouncer.log')}`,
      `pidfile = ${file('pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root: it runs as the postgres user.
  const child: ChildProcess = spawn(PGBOUNCER, [file('pgbouncer.ini')], {
    stdio: 'ignore',
    uid,
    gid,
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 10_000;
  while (!(await acceptsConnections(port))) {
    if (exited || Date.now() > deadline) {
      const log = fs.existsSync(file('pgbouncer.log'))
        ? fs.readFileSync(file('pgbouncer.log'), 'utf8')
        : '';
      fs.rmSync(directory, { recursive: true, force: true });
      child.kill();
      throw new Error(`pgbouncer did not start: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        // SIGINT: shut down at once, without waiting for clients.
        child.kill('SIGINT');
        await gone;
      }
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
