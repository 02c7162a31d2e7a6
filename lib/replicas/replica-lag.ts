import type { WalPosition } from './wal-position';

interface Sample {
  at: number;
  position: WalPosition;
}

/**
 * The primary's WAL position over time, sampled at each health check, from which a replica's
 * lag is read: a replica that has not replayed a position the primary had reached at time t
 * lacks commits that existed then, so it is at least `now - t` behind.
 */
export class PrimaryPositions {
  private samples: Sample[] = [];

  constructor(private readonly windowMs: number) {}

  record(position: WalPosition, at = Date.now()): void {
    this.samples.push({ at, position });
    // Keep the window, and always the latest sample.
    while (this.samples.length > 1 && this.samples[0]!.at < at - this.windowMs) {
      this.samples.shift();
    }
  }

  /**
   * How far behind a replica that has replayed up to `replayed` is, in milliseconds: 0 once it
   * has the latest sampled position; `undefined` before the first sample.
   */
  lagOf(replayed: WalPosition, now = Date.now()): number | undefined {
    const latest = this.samples.at(-1);
    if (!latest) return undefined;
    if (replayed >= latest.position) return 0;
    const firstMissed = this.samples.find((sample) => sample.position > replayed) ?? latest;
    return now - firstMissed.at;
  }
}
