import { expect } from 'chai';
import {
  createDatabase,
  DEFAULT_REPLICA_OPTIONS,
  formatWalPosition,
  parseWalPosition,
  replicaOptionsFromEnv,
  replicaUrlsFromEnv,
  retryPolicyFromEnv,
} from '../../lib';
import { PrimaryPositions } from '../../lib/replicas/replica-lag';
import { sqliteScratchUrl } from '../support/dialects';

describe('Replicas | configuration', () => {
  it('reads the replicas from DATABASE_REPLICA_URLS, comma-separated', () => {
    expect(
      replicaUrlsFromEnv({ DATABASE_REPLICA_URLS: ' postgres://r1/app,, postgres://r2/app ' }),
    ).to.deep.equal(['postgres://r1/app', 'postgres://r2/app']);
    expect(replicaUrlsFromEnv({})).to.deep.equal([]);
  });

  it('reads the replica options from the environment, and refuses one that is not a number', () => {
    expect(
      replicaOptionsFromEnv({
        DATABASE_REPLICA_MAX_LAG_MS: '2000',
        DATABASE_REPLICA_POSITION_CACHE_MS: '0',
      }),
    ).to.deep.equal({ ...DEFAULT_REPLICA_OPTIONS, maxLagMs: 2000, positionCacheMs: 0 });
    expect(() => replicaOptionsFromEnv({ DATABASE_REPLICA_CHECK_INTERVAL_MS: '0' })).to.throw(
      'DATABASE_REPLICA_CHECK_INTERVAL_MS="0" is not a number of milliseconds (at least 1)',
    );
  });

  it('reads the requests’ retry policy from the environment, and refuses one that is not a whole number', () => {
    expect(retryPolicyFromEnv({ DATABASE_RETRY_ATTEMPTS: '10' })).to.deep.equal({
      attempts: 10,
      initialDelayMs: 20,
      maxDelayMs: 500,
    });
    expect(() => retryPolicyFromEnv({ DATABASE_RETRY_ATTEMPTS: '0' })).to.throw(
      'DATABASE_RETRY_ATTEMPTS="0" is not a whole number (at least 1)',
    );
  });

  it('refuses replicas of a SQLite database, before opening anything', () => {
    expect(() =>
      createDatabase({ url: sqliteScratchUrl('no-replicas'), replicaUrls: ['postgres://r1/app'] }),
    ).to.throw(/read replicas need a PostgreSQL primary and PostgreSQL replicas/);
  });

  it('orders WAL positions as the log does, and prints them as PostgreSQL does', () => {
    const positions = ['0/FFFFFFFF', '1/0', '16/B374D848'].map((text) => parseWalPosition(text)!);

    expect(positions[0]! < positions[1]! && positions[1]! < positions[2]!).to.equal(true);
    expect(positions.map(formatWalPosition)).to.deep.equal(['0/FFFFFFFF', '1/0', '16/B374D848']);
    expect(['', '16', '16/', 'G/1', '1/2/3'].map(parseWalPosition)).to.deep.equal(
      Array(5).fill(undefined),
    );
  });

  it('reads a replica’s lag from the primary’s sampled positions', () => {
    const samples = new PrimaryPositions(10_000);
    samples.record(100n, 1000);
    samples.record(200n, 2000);
    samples.record(300n, 3000);

    expect(samples.lagOf(300n, 3500)).to.equal(0);
    // It lacks what the primary had at 2000 ms, and has what it had at 1000 ms.
    expect(samples.lagOf(150n, 3500)).to.equal(1500);
    expect(samples.lagOf(50n, 3500)).to.equal(2500);
  });
});
