import { expect } from 'chai';
import { BaseModel, recordQueries } from '../../lib';
import { Author } from '../../models';
import { describeEachDialect } from '../support/database';

// A seat is identified by its row and its number: a composite id.
class Seat extends BaseModel {
  static override tableName = 'spec_seats';
  static override idColumn = ['seat_row', 'seat_number'];
  static override hasTimestamps = false;

  declare seat_row: number;
  declare seat_number: number;
  declare holder: string;
}

// Objection 3.1.5 renders an empty list of composite ids as an empty group on SQLite, which
// matches every row, and as invalid SQL on PostgreSQL (objection#1914).
describeEachDialect('Objection fixes | findByIds([]) matches no row', (db) => {
  before(async () => {
    await db.knex.schema.dropTableIfExists(Seat.tableName);
    await db.knex.schema.createTable(Seat.tableName, (table) => {
      table.integer('seat_row').notNullable();
      table.integer('seat_number').notNullable();
      table.string('holder').notNullable();
      table.primary(['seat_row', 'seat_number']);
    });
  });

  after(async () => {
    await db.knex.schema.dropTable(Seat.tableName);
  });

  beforeEach(async () => {
    await db.knex(Seat.tableName).insert([
      { seat_row: 1, seat_number: 1, holder: 'Ann' },
      { seat_row: 1, seat_number: 2, holder: 'Bob' },
    ]);
  });

  const holders = async () =>
    (await Seat.query().orderBy(['seat_row', 'seat_number'])).map((seat) => seat.holder);

  it('finds no row for an empty list of composite ids', async () => {
    const { result, queries } = await recordQueries(db.knex, () => Seat.query().findByIds([]));

    expect(result).to.deep.equal([]);
    expect(queries.map((query) => query.bindings)).to.deep.equal([[0]]);
    expect(queries[0]!.sql).to.match(/where 1 = (\?|\$1)$/);
  });

  // (The layer's delete engine refuses composite ids, so a delete never gets this far.)
  it('patches no row for an empty list of composite ids', async () => {
    const patched = await Seat.query().findByIds([]).patch({ holder: 'Mallory' });

    expect(patched).to.equal(0);
    expect(await holders()).to.deep.equal(['Ann', 'Bob']);
  });

  it('whereInComposite with an empty list matches no row, whereNotInComposite every row', async () => {
    const columns = ['seat_row', 'seat_number'];

    const none = await Seat.query().whereInComposite(columns, []);
    const all = await Seat.query().whereNotInComposite(columns, []);

    expect(none).to.deep.equal([]);
    expect(all.map((seat) => seat.holder)).to.deep.equal(['Ann', 'Bob']);
  });

  it('still finds and patches by a list of composite ids', async () => {
    const found = await Seat.query().findByIds([[1, 2]]);
    const patched = await Seat.query()
      .findByIds([[1, 1]])
      .patch({ holder: 'Cid' });

    expect(found.map((seat) => seat.holder)).to.deep.equal(['Bob']);
    expect(patched).to.equal(1);
    expect(await holders()).to.deep.equal(['Cid', 'Bob']);
  });
});

// With one id column, knex renders an empty list as `1 = 0`: Objection 3.1.5 gets it right, and
// the layer keeps it so.
describeEachDialect('Objection fixes | findByIds([]) with one id column', (db) => {
  it('finds, patches and deletes no row', async () => {
    await db.knex('authors').insert([{ name: 'Ann' }, { name: 'Bob' }]);

    const found = await Author.query().findByIds([]);
    const patched = await Author.query().findByIds([]).patch({ name: 'Mallory' });
    const deleted = await Author.query().findByIds([]).delete();

    expect(found).to.deep.equal([]);
    expect(patched).to.equal(0);
    expect(deleted).to.equal(0);
    expect((await Author.query().orderBy('id')).map((author) => author.name)).to.deep.equal([
      'Ann',
      'Bob',
    ]);
  });
});
