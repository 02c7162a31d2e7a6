import { closeAllTestDatabases } from './database';
import { removeScratchDirectory } from './dialects';

export const mochaHooks = {
  async afterAll() {
    await closeAllTestDatabases();
    removeScratchDirectory();
  },
};
