import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import {
  DEFAULT_TIMEOUTS,
  dialectFor,
  dialectOf,
  ForeignKeyViolationError,
  knexConfig,
  recordQueries,
  translateError,
  UniqueViolationError,
} from '../../lib';
import { insertRows } from '../../lib/database/insert-rows';
import { dialectLabel, DIALECTS, sqliteFileOf, sqliteScratchUrl } from '../support/dialects';
import { holdWriteLockElsewhere } from '../support/write-lock';

/** The longest time, in ms, between two turns of the event loop while `fn` runs. */
async function longestEventLoopGap(fn: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  try {
    await fn();
  } finally {
    clearInterval(ticker);
  }
  return Math.max(longest, performance.now() - last);
}

async function failureOf(write: PromiseLike<unknown>): Promise<unknown> {
  try {
    await write;
  } catch (error) {
    return error;
  }
  throw new Error('the write succeeded');
}

// The specs that depend on the SQLite driver itself, once for each driver this run covers.
for (const dialect of DIALECTS.filter((candidate) => candidate.name === 'sqlite')) {
  const driver = dialect.driver ?? 'sqlite3';
  const url = sqliteScratchUrl(`driver-${driver}`, driver);

  describe(`[${dialectLabel(dialect)}] Database | the SQLite driver`, () => {
    let knex: Knex;

    before(async () => {
      knex = knexFactory(knexConfig(url, { ...DEFAULT_TIMEOUTS, busyMs: 5000 }));
      await knex.schema.dropTableIfExists('pets').dropTableIfExists('owners');
      await knex.schema.createTable('owners', (table) => {
        table.increments('id');
        table.string('name').notNullable().unique();
      });
      await knex.schema.createTable('pets', (table) => {
        table.increments('id');
        table.integer('owner_id').notNullable().references('id').inTable('owners');
        table.string('name').notNullable();
      });
    });

    beforeEach(async () => {
      await knex('pets').delete();
      await knex('owners').delete();
    });

    after(() => knex.destroy());

    it(`opens ${driver} for its URL, on a file and in memory`, async () => {
      const memory = knexFactory(knexConfig(url.replace(/:[^:]*$/, '::memory:')));
      try {
        for (const opened of [knex, memory]) {
          expect((opened.client as { driverName: string }).driverName).to.equal(driver);
          expect(dialectOf(opened)).to.equal(dialectFor(url));
        }
        expect(memory.client.config.connection).to.deep.equal({ filename: ':memory:' });
        expect(await memory.raw('select 1 as one')).to.deep.equal([{ one: 1 }]);
      } finally {
        await memory.destroy();
      }
    });

    it('enforces foreign keys on every connection, with ForeignKeyViolationError', async () => {
      const [{ foreign_keys: enforced }] = await knex.raw('PRAGMA foreign_keys');
      expect(enforced).to.equal(1);

      const error = translateError(
        await failureOf(knex('pets').insert({ owner_id: 99, name: 'Rex' })),
      );

      expect(error).to.be.instanceOf(ForeignKeyViolationError);
      expect(error).to.include({ code: 'FOREIGN_KEY_VIOLATION', table: 'pets' });
      // sqlite3 sets SQLite's primary result code, better-sqlite3 the extended one.
      const driverCode = (error as Error & { cause: { code: string } }).cause.code;
      expect(driverCode).to.equal(
        driver === 'sqlite3' ? 'SQLITE_CONSTRAINT' : 'SQLITE_CONSTRAINT_FOREIGNKEY',
      );
      expect(await knex('pets').count({ n: '*' }).first()).to.deep.equal({ n: 0 });
    });

    it('refuses a duplicate with UniqueViolationError naming the table and column', async () => {
      await knex('owners').insert({ name: 'Ann' });

      const error = translateError(await failureOf(knex('owners').insert({ name: 'Ann' })));

      expect(error).to.be.instanceOf(UniqueViolationError);
      expect(error).to.deep.include({ table: 'owners', columns: ['name'] });
    });

    it('makes a writer wait for another process’s write lock (BEGIN IMMEDIATE), not fail SQLITE_BUSY', async () => {
      const { released } = await holdWriteLockElsewhere(
        sqliteFileOf(url),
        600,
        "insert into owners (name) values ('Held by another process')",
      );
      const start = performance.now();

      const { queries } = await recordQueries(knex, () =>
        knex.transaction(async (trx) => {
          const before = await trx('owners').count({ n: '*' }).first();
          await trx('owners').insert({ name: `Owner ${String(before?.n)}` });
        }),
      );
      const waited = performance.now() - start;
      await released;

      expect(queries[0]?.sql).to.equal('BEGIN IMMEDIATE;');
      expect(waited).to.be.at.least(400);
      // The other process's row committed first; this transaction saw it, then wrote after it.
      const names = await knex('owners').orderBy('id').pluck('name');
      expect(names).to.deep.equal(['Held by another process', 'Owner 1']);
    });

    it('begins a read-only transaction deferred: it reads beside the writer, not after it', async () => {
      const { released } = await holdWriteLockElsewhere(sqliteFileOf(url), 1500);
      const start = performance.now();

      const { result, queries } = await recordQueries(knex, () =>
        knex.transaction((trx) => trx('owners').count({ n: '*' }).first(), { readOnly: true }),
      );
      const waited = performance.now() - start;
      await released;

      expect(queries[0]?.sql).to.equal('BEGIN;');
      expect(result).to.deep.equal({ n: 0 });
      expect(waited).to.be.below(1000);
    });

    if (driver === 'sqlite3') {
      it('keeps the event loop turning while a statement waits for the lock', async () => {
        const { released } = await holdWriteLockElsewhere(sqliteFileOf(url), 600);

        const gap = await longestEventLoopGap(() => knex('owners').insert({ name: 'Waiting' }));
        await released;

        expect(gap).to.be.below(300);
      });
    } else {
      it('holds the event loop while a statement waits for the lock: it runs synchronously', async () => {
        const { released } = await holdWriteLockElsewhere(sqliteFileOf(url), 600);

        const gap = await longestEventLoopGap(() => knex('owners').insert({ name: 'Waiting' }));
        await released;

        expect(gap).to.be.at.least(400);
      });
    }

    it('allows as many bound parameters as its SQLite library was built with, and no more', async () => {
      const { maxBindings } = dialectOf(knex);
      const options: string[] = (await knex.raw('PRAGMA compile_options')).map(
        (row: { compile_options: string }) => row.compile_options,
      );
      const compiled = options.find((option) => option.startsWith('MAX_VARIABLE_NUMBER='));
      // Without the option the library has SQLite's default, 32,766 since 3.32.
      expect(maxBindings).to.equal(compiled ? Number(compiled.split('=')[1]) : 32_766);

      const select = (count: number) =>
        knex.raw(`select count(*) as n from owners where id in (${'?, '.repeat(count - 1)}?)`, [
          ...Array.from({ length: count }, (_, i) => i + 1),
        ]);
      expect(await select(maxBindings)).to.deep.equal([{ n: 0 }]);
      expect(String(await failureOf(select(maxBindings + 1)))).to.match(/too many SQL variables/);
    });

    it('inserts more rows than one statement may bind, past the 32,766 parameters of sqlite3', async () => {
      const owners = await insertRows(
        knex,
        'owners',
        Array.from({ length: 40_000 }, (_, i) => ({ name: `Owner ${i}` })),
        { returning: 'id' },
      );
      const pets = Array.from({ length: 20_000 }, (_, i) => ({
        owner_id: owners[i] as number,
        name: `Pet ${i}`,
      }));

      const { queries } = await recordQueries(knex, () => insertRows(knex, 'pets', pets));

      expect(queries).to.have.length(Math.ceil((pets.length * 2) / dialectOf(knex).maxBindings));
      expect(await knex('owners').count({ n: '*' }).first()).to.deep.equal({ n: 40_000 });
      expect(await knex('pets').count({ n: '*' }).first()).to.deep.equal({ n: 20_000 });
    });
  });
}
