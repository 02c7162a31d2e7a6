import { expect } from 'chai';
import { Deletion, findByIdJoined, hasMany, belongsToOne, recordQueries } from '../../lib';
import { Author, Book } from '../../models';
import { describeEachDialect } from '../support/database';

/**
 * Declares `tableName` and `idColumn` as static methods, a form Objection accepts (its own test
 * models use it) and reads through `getTableName()`/`getIdColumn()`; TypeScript's typings only
 * know the property form, hence the definition at runtime.
 */
function withStaticMethods<M extends typeof Author | typeof Book>(modelClass: M, table: string): M {
  Object.defineProperty(modelClass, 'tableName', {
    value: function tableName() {
      return table;
    },
  });
  Object.defineProperty(modelClass, 'idColumn', {
    value: function idColumn() {
      return 'id';
    },
  });
  return modelClass;
}

class MethodAuthor extends Author {
  static override relationMappings = () => ({
    books: hasMany(MethodBook, {
      from: 'authors.id',
      to: 'books.author_id',
      inverse: 'author',
      onDelete: 'cascade',
    }),
  });
}
class MethodBook extends Book {
  static override relationMappings = () => ({
    author: belongsToOne(MethodAuthor, {
      from: 'books.author_id',
      to: 'authors.id',
      inverse: 'books',
    }),
  });
}
withStaticMethods(MethodAuthor, 'authors');
withStaticMethods(MethodBook, 'books');

describeEachDialect(
  'Objection parity | tableName and idColumn declared as static methods',
  (db) => {
    /** Runs `work` and checks that no statement it sent carries a function's source text. */
    async function namesOnlyTables<T>(work: () => PromiseLike<T>): Promise<T> {
      const { result, queries } = await recordQueries(db.knex, async () => await work());
      expect(queries.length).to.be.greaterThan(0);
      for (const { sql } of queries) expect(sql).not.to.match(/\breturn\b|function|\{/);
      return result;
    }

    it('a delete walks the cascade and audits the rows', async () => {
      const author = await MethodAuthor.query().insertGraph({
        name: 'Jane Austen',
        books: [{ title: 'Emma' }, { title: 'Persuasion' }],
      });

      const deleted = await namesOnlyTables(() => MethodAuthor.query().deleteById(author.id));

      expect(deleted).to.equal(1);
      expect(await db.knex('books').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
      const trail = await Deletion.query().orderBy('id');
      expect(trail.map((row) => [row.table_name, row.row_id])).to.deep.equal([
        ['books', author.books![0]!.id],
        ['books', author.books![1]!.id],
        ['authors', author.id],
      ]);
    });

    it('a graph insert and a graph upsert write the rows', async () => {
      const author = await namesOnlyTables(() =>
        MethodAuthor.query().insertGraph({
          name: 'Jane Austen',
          books: [{ title: 'Emma' }, { title: 'Persuasion' }],
        }),
      );
      const [emma] = author.books!;

      await namesOnlyTables(() =>
        MethodAuthor.query().upsertGraph({
          id: author.id,
          name: 'J. Austen',
          books: [{ id: emma!.id, title: 'Emma (1815)' }, { title: 'Sanditon' }],
        }),
      );

      expect(await db.knex('authors').select('name')).to.deep.equal([{ name: 'J. Austen' }]);
      const titles = await db.knex('books').orderBy('id').pluck('title');
      expect(titles).to.deep.equal(['Emma (1815)', 'Sanditon']);
    });

    it('reads by id, plainly and joined, find the row', async () => {
      const author = await MethodAuthor.query().insertGraph({
        name: 'Jane Austen',
        books: [{ title: 'Emma' }],
      });

      const found = await namesOnlyTables(() => MethodAuthor.query().findById(author.id));
      const joined = (await namesOnlyTables(() =>
        findByIdJoined(MethodAuthor, db.knex, author.id, { books: {} }),
      )) as MethodAuthor | undefined;

      expect(found?.name).to.equal('Jane Austen');
      expect(joined?.books?.map((book) => book.title)).to.deep.equal(['Emma']);
    });
  },
);
