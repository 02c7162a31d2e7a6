import type { Knex } from 'knex';
import type { ReplicationPositions } from '../database/dialect';
import { askOn } from './raw-connection';
import type { Replica, ReplicaStatus } from './replica';
import { PrimaryPositions } from './replica-lag';
import type { ReplicaOptions } from './replica-options';
import type { WalPosition } from './wal-position';

/**
 * The primary's pool and the replicas that may answer its reads: which replica answers a read,
 * and the periodic check that keeps each replica's state and lag.
 */
export class ReplicaSet {
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private readonly primaryPositions: PrimaryPositions;

  constructor(
    private readonly primaryClient: Knex.Client,
    readonly replicas: readonly Replica[],
    private readonly positions: ReplicationPositions,
    readonly options: ReplicaOptions,
  ) {
    this.primaryPositions = new PrimaryPositions(Math.max(options.maxLagMs * 2, 10_000));
  }

  /** The primary's current WAL position, read on a connection of its pool. */
  currentPosition(): Promise<WalPosition> {
    return askOn(
      this.primaryClient,
      (connection) => this.positions.currentPosition(connection),
      this.options.checkTimeoutMs,
    );
  }

  /**
   * A replica in rotation that has replayed `required` (any one in rotation when nothing is
   * required), taking turns; `undefined` when none qualifies: the read goes to the primary.
   */
  async replicaFor(required: WalPosition | undefined): Promise<Replica | undefined> {
    const count = this.replicas.length;
    const start = this.next++ % count;
    for (let offset = 0; offset < count; offset += 1) {
      const replica = this.replicas[(start + offset) % count]!;
      if (!replica.isInRotation) continue;
      if (required === undefined) return replica;
      const { positionCacheMs, checkTimeoutMs } = this.options;
      const hasIt = await replica
        .hasReplayed(required, positionCacheMs, checkTimeoutMs)
        .catch((error: unknown) => {
          replica.markDown(error);
          return false;
        });
      if (hasIt) return replica;
    }
    return undefined;
  }

  /** Starts the periodic checks, the first one now. */
  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs);
    // The checks never keep a process alive on their own.
    this.timer.unref();
  }

  /** Checks every replica once: reachable, a replica, and how far behind. */
  check(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    try {
      this.primaryPositions.record(await this.currentPosition());
    } catch {
      // The primary's own failures are the requests' to report; lag is read at the next check.
    }
    await Promise.all(this.replicas.map((replica) => this.checkOne(replica)));
  }

  private async checkOne(replica: Replica): Promise<void> {
    try {
      const replayed = await replica.readReplayedPosition(this.options.checkTimeoutMs);
      replica.checkedAt = new Date();
      if (replayed === undefined) {
        replica.state = 'not-a-replica';
        replica.reason = 'the server is not in recovery (pg_last_wal_replay_lsn() is NULL)';
        return;
      }
      replica.lagMs = this.primaryPositions.lagOf(replayed);
      const isLagging = replica.lagMs !== undefined && replica.lagMs > this.options.maxLagMs;
      replica.state = isLagging ? 'lagging' : 'up';
      replica.reason = isLagging
        ? `${replica.lagMs} ms behind the primary (bound: ${this.options.maxLagMs} ms)`
        : undefined;
    } catch (error) {
      replica.checkedAt = new Date();
      replica.markDown(error);
    }
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((replica) => replica.status());
  }

  /** Stops the checks and closes the replicas' pools. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.checking?.catch(() => undefined);
    await Promise.all(this.replicas.map((replica) => replica.knex.destroy()));
  }
}
