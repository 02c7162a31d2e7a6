import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { demoKnexConfig } from '../../demo';
import { dialectOf } from '../../lib';
import { allModels } from '../../models';
import { describeEachDialect } from '../support/database';

async function describeSchema(knex: Knex) {
  const dialect = dialectOf(knex);
  const tables = (await dialect.tableNames(knex)).sort();
  const schema: Record<string, unknown> = {};
  for (const table of tables) {
    schema[table] = {
      columns: await knex(table).columnInfo(),
      foreignKeys: await dialect.foreignKeys(knex, table),
    };
  }
  return schema;
}

describeEachDialect('Schema | migrations', (db) => {
  it('latest → rollback --all → latest gives the same schema', async () => {
    const knex = knexFactory(demoKnexConfig(db.dialect.url));
    try {
      const first = await describeSchema(knex);
      await knex.migrate.rollback(undefined, true);
      expect(await dialectOf(knex).tableNames(knex)).to.deep.equal([]);
      await knex.migrate.latest();
      expect(await describeSchema(knex)).to.deep.equal(first);
    } finally {
      await knex.destroy();
    }
  });

  it('has a table for every model, with id, created_at and updated_at', async () => {
    for (const model of allModels) {
      const columns = await db.knex(model.tableName).columnInfo();
      expect(Object.keys(columns), model.tableName).to.include.members([
        'id',
        'created_at',
        'updated_at',
      ]);
    }
  });

  it('indexes every foreign-key column', async () => {
    const dialect = dialectOf(db.knex);
    const indexed = await indexedLeadingColumns(db.knex);
    for (const table of await dialect.tableNames(db.knex)) {
      for (const fk of await dialect.foreignKeys(db.knex, table)) {
        expect(indexed, `${table}.${fk.column}`).to.include(`${table}.${fk.column}`);
      }
    }
  });
});

/** `table.column` for the first column of every index (primary keys included). */
async function indexedLeadingColumns(knex: Knex): Promise<string[]> {
  if (dialectOf(knex).name === 'postgres') {
    const result: { rows: Array<{ entry: string }> } = await knex.raw(
      `SELECT t.relname || '.' || a.attname AS entry
         FROM pg_index i
         JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]`,
    );
    return result.rows.map((row) => row.entry);
  }
  const entries: string[] = [];
  for (const { name } of await knex('sqlite_master').where({ type: 'table' }).select('name')) {
    const indexes: Array<{ name: string }> = await knex.raw(
      'SELECT name FROM pragma_index_list(?)',
      [name],
    );
    for (const index of indexes) {
      const [first]: Array<{ name: string }> = await knex.raw(
        'SELECT name FROM pragma_index_info(?) ORDER BY seqno',
        [index.name],
      );
      if (first) entries.push(`${name}.${first.name}`);
    }
  }
  return entries;
}
