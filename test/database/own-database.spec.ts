import { expect } from 'chai';
import knexFactory from 'knex';
import { knexConfig } from '../../lib';
import {
  ADMIN_TIMEOUTS,
  dropOwnDatabase,
  ensureOwnDatabase,
  freshOwnDatabase,
  NotOwnDatabaseError,
} from '../../scripts/own-database';
import { DIALECTS, POSTGRES_URL } from '../support/dialects';

async function exists(url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const admin = knexFactory({
    ...knexConfig(POSTGRES_URL, ADMIN_TIMEOUTS),
    pool: { min: 0, max: 1 },
  });
  try {
    const found = await admin('pg_database').where({ datname: name }).first();
    return found !== undefined;
  } finally {
    await admin.destroy();
  }
}

if (DIALECTS.some((dialect) => dialect.name === 'postgres')) {
  describe('[postgres] Test databases | the suite only touches databases of its own', () => {
    it('creates a missing database, marked, and accepts it again', async () => {
      const url = await freshOwnDatabase(POSTGRES_URL, 'mark_check');
      await dropOwnDatabase(url);
      expect(await exists(url)).to.equal(false);

      await ensureOwnDatabase(url);
      await ensureOwnDatabase(url);

      expect(await exists(url)).to.equal(true);
      await dropOwnDatabase(url);
      expect(await exists(url)).to.equal(false);
    });

    it('refuses to use or drop a database it did not create, and leaves it as it was', async () => {
      const url = new URL(POSTGRES_URL);
      url.pathname = `${url.pathname}_not_ours`;
      const admin = knexFactory({
        ...knexConfig(POSTGRES_URL, ADMIN_TIMEOUTS),
        pool: { min: 0, max: 1 },
      });
      const name = url.pathname.slice(1);
      try {
        await admin.raw('DROP DATABASE IF EXISTS ??', [name]);
        await admin.raw('CREATE DATABASE ??', [name]);

        const used = await ensureOwnDatabase(url.toString()).catch((error: unknown) => error);
        const dropped = await dropOwnDatabase(url.toString()).catch((error: unknown) => error);

        expect(used).to.be.instanceOf(NotOwnDatabaseError);
        expect(dropped).to.be.instanceOf(NotOwnDatabaseError);
        expect(await exists(url.toString())).to.equal(true);
      } finally {
        await admin.raw('DROP DATABASE IF EXISTS ??', [name]);
        await admin.destroy();
      }
    });
  });
}
