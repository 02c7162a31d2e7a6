import { expect } from 'chai';
import { ref } from 'objection';
import { BaseModel, recordQueries } from '../../lib';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

class Doc extends BaseModel {
  static override tableName = 'spec_docs';
  static override hasTimestamps = false;
  static override jsonAttributes = ['data'];

  declare id: number;
  declare data: Record<string, unknown>;
  declare secret: string;
}

// Each would run its tail as SQL if the key were spliced into Objection's SQL as it is.
const WIDENS_THE_FILTER = "a}' AS text) IS NOT NULL OR CAST('{";
const WRITES_ANOTHER_COLUMN = `x}', '1', true), secret = 'pwned'::text || jsonb_set("data", '{x`;

// Objection 3.1.5 splices the keys of JSON field expressions into its SQL (objection#2077).
describeEachDialect('Objection fixes | keys of JSON field expressions are escaped', (db) => {
  const isPostgres = db.dialect.name === 'postgres';

  before(async () => {
    await db.knex.schema.dropTableIfExists(Doc.tableName);
    await db.knex.schema.createTable(Doc.tableName, (table) => {
      table.increments('id');
      if (isPostgres) table.jsonb('data').notNullable();
      else table.json('data').notNullable();
      table.string('secret').notNullable();
    });
  });

  after(async () => {
    await db.knex.schema.dropTable(Doc.tableName);
  });

  beforeEach(async () => {
    await Doc.query().insert({ data: { a: 1, "it's": 'quoted' }, secret: 'first' });
    await Doc.query().insert({ data: { b: 2 }, secret: 'second' });
  });

  /** Runs `query`, and what it resolved or rejected to, with the statements it sent. */
  async function sent(query: () => PromiseLike<unknown>) {
    return recordQueries(db.knex, async () => {
      try {
        return { value: await query() };
      } catch (error) {
        return { error };
      }
    });
  }

  if (isPostgres) {
    it('reads a key with a quote through ref()', async () => {
      const found = await Doc.query().where(ref("data:it's").castText(), 'quoted');
      const selected = await Doc.query()
        .select('id', ref("data:it's").castText().as('value'))
        .orderBy(ref("data:it's"))
        .orderBy('id');

      expect(found.map((doc) => doc.id)).to.deep.equal([1]);
      expect(selected.map((doc) => doc.toJSON())).to.deep.equal([
        { id: 1, value: 'quoted' },
        { id: 2, value: null },
      ]);
    });

    it('a hostile key in a where neither widens the filter nor runs as SQL', async () => {
      const { result } = await sent(() =>
        Doc.query().where(ref(`data:${WIDENS_THE_FILTER}`).castText(), 'nope'),
      );

      expect(result).to.deep.equal({ value: [] });
    });

    it('a hostile key in a patch writes that key, and no other column', async () => {
      await Doc.query()
        .findById(2)
        .patch({ [`data:${WRITES_ANOTHER_COLUMN}`]: 1 } as Partial<Doc>);

      const doc = await Doc.query().findById(2);
      expect(doc?.secret).to.equal('second');
      expect(doc?.data).to.deep.equal({ b: 2, [WRITES_ANOTHER_COLUMN]: 1 });
    });

    it('patches and filters with keys that hold quotes, commas and question marks', async () => {
      await Doc.query()
        .findById(1)
        .patch({ "data:it's": 'changed', 'data:["a,b?"]': true } as Partial<Doc>);

      const byJson = await Doc.query().whereJsonSupersetOf('data', { "it's": 'changed' });
      const byKey = await Doc.query().whereJsonHasAny("data:it's", ['x']);
      expect(byJson.map((doc) => doc.data)).to.deep.equal([
        { a: 1, "it's": 'changed', 'a,b?': true },
      ]);
      expect(byKey).to.deep.equal([]);
    });

    // Objection's merge writes the bare column, which ON CONFLICT finds ambiguous: a merge with
    // field-expression keys always fails on PostgreSQL, but its keys reach it escaped.
    it('a hostile key in a merge reaches PostgreSQL escaped, and nothing is written', async () => {
      const before = await snapshotDatabase(db.knex);

      const { result, queries } = await sent(() =>
        Doc.query()
          .insert({ id: 2, data: {}, secret: 'merged' })
          .onConflict('id')
          .merge({ [`data:${WRITES_ANOTHER_COLUMN}`]: 1 } as Partial<Doc>),
      );

      expect(result).to.have.property('error');
      expect(queries[0]?.sql).to.include(`jsonb_set("data", '{"x}'', ''1'', true), secret`);
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });

    it('a quote in the column of a whereJson method stays in the identifier', async () => {
      const { result, queries } = await sent(() =>
        Doc.query().whereJsonSupersetOf(`data" IS NOT NULL OR "data:a`, {}),
      );

      expect(result).to.have.property('error');
      expect(queries[0]?.sql).to.include('"data"" IS NOT NULL OR ""data"#>');
    });
  } else {
    // Objection writes JSON field expressions in PostgreSQL's SQL (#>, jsonb_set), which SQLite
    // does not parse: the statement fails, whatever the key. The key reaches it escaped all the
    // same, and nothing is read or written.
    it('a hostile key reaches SQLite escaped, and the statement reads nothing', async () => {
      const { result, queries } = await sent(() =>
        Doc.query().where(ref(`data:${WIDENS_THE_FILTER}`).castText(), 'nope'),
      );

      expect(result).to.have.property('error');
      expect(queries[0]?.sql).to.include(`#>>'{"a}'' AS text) IS NOT NULL OR CAST(''{"}'`);
    });

    it('a hostile key in a patch reaches SQLite escaped, and nothing is written', async () => {
      const before = await snapshotDatabase(db.knex);

      const { result, queries } = await sent(() =>
        Doc.query()
          .findById(2)
          .patch({ [`data:${WRITES_ANOTHER_COLUMN}`]: 1 } as Partial<Doc>),
      );

      expect(result).to.have.property('error');
      expect(queries[0]?.sql).to.include(`jsonb_set(\`data\`, '{"x}'', ''1'', true), secret`);
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    });
  }

  // A 'column:key' string is no field expression to Objection's where, select and orderBy: knex
  // quotes it as one identifier, which no quote in it can leave.
  it('a hostile "column:key" string in a where, a select or an orderBy is one identifier', async () => {
    const hostile = 'data:x"` = 1 OR `"1';
    const asOneIdentifier = db.knex.raw('??', [hostile]).toQuery();

    const results = [
      await sent(() => Doc.query().where(hostile, 1)),
      await sent(() => Doc.query().select(hostile)),
      await sent(() => Doc.query().orderBy(hostile)),
    ];

    for (const { result, queries } of results) {
      expect(result).to.have.property('error');
      expect(queries[0]?.sql).to.include(asOneIdentifier);
    }
  });
});
