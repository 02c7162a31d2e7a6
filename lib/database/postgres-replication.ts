import type { Client } from 'pg';
import { parseWalPosition, type WalPosition } from '../replicas/wal-position';
import type { ReplicationPositions } from './dialect';
import { isPgDatabaseError } from './pg-driver';

// query_canceled: the statement's own time limit.
const CANCELED = '57014';
// read_only_sql_transaction: SQL a replica cannot run (a function that writes, say).
const READ_ONLY = '25006';

async function positionOf(connection: unknown, sql: string): Promise<WalPosition | undefined> {
  const result = await (connection as Client).query<{ position: string | null }>(sql);
  const text = result.rows[0]?.position;
  return typeof text === 'string' ? parseWalPosition(text) : undefined;
}

/**
 * WAL positions on PostgreSQL: `pg_current_wal_lsn()` on the primary is at or past the end of
 * every commit that has returned; `pg_last_wal_replay_lsn()` on a replica is the end of the last
 * record it replayed (NULL on a server that is not a replica).
 */
export const postgresReplication: ReplicationPositions = {
  async currentPosition(connection) {
    const position = await positionOf(connection, 'SELECT pg_current_wal_lsn()::text AS position');
    if (position === undefined) throw new Error('the primary reported no WAL position');
    return position;
  },
  replayedPosition: (connection) =>
    positionOf(connection, 'SELECT pg_last_wal_replay_lsn()::text AS position'),
  statementFailureOf(error) {
    const state = isPgDatabaseError(error) ? error.code : undefined;
    if (state === CANCELED) return 'canceled';
    return state === READ_ONLY ? 'read-only' : undefined;
  },
};
