import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { Deletion, dialectOf, knexConfig } from '../../lib';
import { Author, Book } from '../../models';
import { describeEachDialect } from '../support/database';

// Knex loads the same client under several names; an application may use any of them.
const CLIENT_NAMES = {
  sqlite3: ['sqlite3'],
  'better-sqlite3': ['better-sqlite3'],
  postgres: ['pg', 'postgres', 'postgresql'],
};

describeEachDialect('Database | every knex name of a client is its dialect', (db) => {
  const driver = db.dialect.name === 'postgres' ? 'postgres' : (db.dialect.driver ?? 'sqlite3');
  for (const client of CLIENT_NAMES[driver]) {
    describe(`knex client "${client}"`, () => {
      let knex: Knex;
      before(() => {
        knex = knexFactory({ ...knexConfig(db.dialect.url), client });
      });
      after(() => knex.destroy());

      it('is the dialect of its database', () => {
        expect(dialectOf(knex).name).to.equal(db.dialect.name);
        expect(dialectOf(knex)).to.equal(dialectOf(db.knex));
      });

      it('runs the layer’s delete: the cascade walked, the rows audited', async () => {
        const author = await Author.query(knex).insertGraph({
          name: 'Jane Austen',
          books: [{ title: 'Emma' }, { title: 'Persuasion' }],
        });

        const deleted = await Author.query(knex).deleteById(author.id);

        expect(deleted).to.equal(1);
        expect(await Book.query(knex).resultSize()).to.equal(0);
        const trail = await Deletion.query(knex).orderBy('id');
        expect(trail.map((row) => row.table_name)).to.deep.equal(['books', 'books', 'authors']);
      });
    });
  }
});
