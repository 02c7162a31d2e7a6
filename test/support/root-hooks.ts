import { closeAllTestDatabases } from './database';
import { removeScratchDirectory } from './dialects';
import { startPgBouncerDialect, stopPgBouncerDialect } from './pgbouncer-dialect';
import { removeSharedReplicaPair } from './replica-pair';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(30_000);
    await startPgBouncerDialect();
  },

  async afterAll(this: Mocha.Context) {
    // Removing the replica pair stops two clusters.
    this.timeout(60_000);
    await closeAllTestDatabases();
    removeScratchDirectory();
    await removeSharedReplicaPair();
    await stopPgBouncerDialect();
  },
};
