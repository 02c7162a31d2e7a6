import { expect } from 'chai';
import { dialectOf } from '../../lib';
import { chunksOf, valuesPerStatement, valuesWithin } from '../../lib/database/chunks';
import { insertRows } from '../../lib/database/insert-rows';
import { describeEachDialect } from '../support/database';
import { countQueries } from '../support/queries';

describe('Database | chunks', () => {
  it('splits a list into chunks of at most the given size, in order', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
    expect(chunksOf([], 3)).to.deep.equal([]);
    expect(() => chunksOf([1], 0)).to.throw(RangeError);
  });

  it('keeps a whereIn list under the limit, with room for the other bindings', () => {
    expect(valuesWithin(999)).to.equal(899);
    expect(valuesWithin(1)).to.equal(1);
  });
});

// Lists of 1,000+ rows never break a statement's limits, on any dialect.
describeEachDialect('Database | statements within the bound-parameter limit', (db) => {
  const rows = Array.from({ length: 1200 }, (_, i) => ({
    table_name: 'books',
    row_id: i + 1,
    row: JSON.stringify({ id: i + 1 }),
    deleted_at: new Date(0).toISOString(),
  }));

  it('inserts 1,200 rows in one statement, past SQLite’s 500-term compound select', async () => {
    expect(dialectOf(db.knex).maxBindings).to.be.at.least(1200 * 4);
    expect(valuesPerStatement(db.knex)).to.be.below(dialectOf(db.knex).maxBindings);

    const statements = await countQueries(db.knex, () => insertRows(db.knex, 'deletions', rows));

    expect(statements).to.equal(1);
    expect(await db.knex('deletions').count({ n: '*' }).first()).to.deep.equal({ n: 1200 });
  });

  it('splits the insert when the limit is that of an old SQLite build (999)', async () => {
    const statements = await countQueries(db.knex, () =>
      insertRows(db.knex, 'deletions', rows, { maxBindings: 999 }),
    );

    expect(statements).to.equal(Math.ceil(1200 / Math.floor(999 / 4)));
    const written = await db.knex('deletions').orderBy('row_id').pluck('row_id');
    expect(written).to.deep.equal(rows.map((row) => row.row_id));
  });
});
