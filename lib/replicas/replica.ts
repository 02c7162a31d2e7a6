import type { Knex } from 'knex';
import type { ReplicationPositions } from '../database/dialect';
import { askOn } from './raw-connection';
import { formatWalPosition, type WalPosition } from './wal-position';

/**
 * `starting`: not checked yet; `up`: in rotation; `lagging`: further behind than the bound;
 * `down`: unreachable or failing; `not-a-replica`: the server is not in recovery. Only `up`
 * replicas answer reads.
 */
export type ReplicaState = 'starting' | 'up' | 'lagging' | 'down' | 'not-a-replica';

/** What `/health` and `replicaStatusOf` report for one replica. */
export interface ReplicaStatus {
  /** The replica's URL without its password. */
  name: string;
  state: ReplicaState;
  /** How far behind the primary it was at the last check, in milliseconds. */
  lagMs?: number;
  /** The WAL position it had replayed at the last check (`16/B374D848`). */
  replayedPosition?: string;
  /** Why it is down or not a replica. */
  reason?: string;
  /** When it was last checked (ISO 8601). */
  checkedAt?: string;
}

function passwordless(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** One read replica: its pool, its state, and the last position it was seen to have replayed. */
export class Replica {
  readonly name: string;
  state: ReplicaState = 'starting';
  lagMs: number | undefined;
  reason: string | undefined;
  checkedAt: Date | undefined;
  private replayed: { position: WalPosition; at: number } | undefined;
  private reading: Promise<WalPosition | undefined> | undefined;

  constructor(
    url: string,
    readonly knex: Knex,
    readonly positions: ReplicationPositions,
  ) {
    this.name = passwordless(url);
  }

  get isInRotation(): boolean {
    return this.state === 'up';
  }

  /** Takes the replica out of rotation until a check finds it well again. */
  markDown(error: unknown): void {
    this.state = 'down';
    this.reason = error instanceof Error ? error.message : String(error);
  }

  /** Reads the replayed position (one read at a time, shared by everyone who asks meanwhile). */
  readReplayedPosition(timeoutMs: number): Promise<WalPosition | undefined> {
    this.reading ??= askOn(
      this.knex.client as Knex.Client,
      (connection) => this.positions.replayedPosition(connection),
      timeoutMs,
    )
      .then((position) => {
        if (position !== undefined) this.replayed = { position, at: Date.now() };
        return position;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }

  /** Whether the replica has replayed `position`, by a reading at most `maxAgeMs` old. */
  async hasReplayed(position: WalPosition, maxAgeMs: number, timeoutMs: number): Promise<boolean> {
    const known = this.replayed;
    if (known && known.position >= position) return true;
    if (known && Date.now() - known.at <= maxAgeMs) return false;
    const replayed = await this.readReplayedPosition(timeoutMs);
    return replayed !== undefined && replayed >= position;
  }

  status(): ReplicaStatus {
    return {
      name: this.name,
      state: this.state,
      ...(this.lagMs !== undefined && { lagMs: this.lagMs }),
      ...(this.replayed && { replayedPosition: formatWalPosition(this.replayed.position) }),
      ...(this.reason !== undefined && this.state !== 'up' && { reason: this.reason }),
      ...(this.checkedAt && { checkedAt: this.checkedAt.toISOString() }),
    };
  }
}
