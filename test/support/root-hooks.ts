import { closeAllTestDatabases } from './database';
import { removeScratchDirectory } from './dialects';
import { removeSharedReplicaPair } from './replica-pair';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    // Removing the replica pair stops two clusters.
    this.timeout(60_000);
    await closeAllTestDatabases();
    removeScratchDirectory();
    await removeSharedReplicaPair();
  },
};
