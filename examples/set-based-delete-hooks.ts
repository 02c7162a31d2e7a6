import { type DeleteHook, recordQueries } from '../lib';
import { Author, Book } from '../models';

/** The README's set-based delete hook: it works on each batch in SQL, no row is read for it. */
export async function setBasedDeleteHooks() {
  const austen = await Author.query().insertGraph({
    name: 'Jane Austen',
    books: [{ title: 'Emma' }, { title: 'Persuasion' }, { title: 'Sanditon' }],
  });

  // #region readme
  // `readsRows: false`: the hook gets each batch as a query, `rowsQuery()`, and works in SQL.
  const tally: Array<[table: string, rows: number]> = [];
  const tallyDeletes: DeleteHook = {
    readsRows: false,
    async before({ modelClass, rowsQuery }) {
      const [row] = await rowsQuery().count({ n: '*' });
      tally.push([modelClass.tableName, Number(row?.n)]);
    },
  };
  class TalliedBook extends Book {
    static override deleteHooks = [...Book.deleteHooks, tallyDeletes];
  }

  const { queries } = await recordQueries(Book.knex(), () =>
    TalliedBook.query().delete().where('author_id', austen.id),
  );
  // tally: [['books', 3]]; the books were counted and audited, never read:
  // BEGIN, SELECT the books' ids, INSERT INTO deletions … SELECT, SELECT count(*), DELETE, COMMIT
  // #endregion
  return { tally, statements: queries.map((query) => query.sql) };
}
