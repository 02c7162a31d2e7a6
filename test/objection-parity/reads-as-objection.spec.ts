import { expect } from 'chai';
import { recordQueries } from '../../lib';
import { Author } from '../../models';
import { describeEachDialect } from '../support/database';

// Objection's `useLimitInFirst` is false: `first()` and `findById` add no LIMIT, which a joined
// graph needs, since its rows are the parent's rows times its children.
describeEachDialect('Objection parity | first() and findById add no LIMIT', (db) => {
  it('findById(id).withGraphJoined(…) returns every child of the row', async () => {
    const author = await Author.query().insertGraph({
      name: 'Jane Austen',
      books: [{ title: 'Emma' }, { title: 'Persuasion' }],
    });

    const { result, queries } = await recordQueries(db.knex, async () =>
      Author.query().findById(author.id).withGraphJoined('books'),
    );

    expect(result?.books?.map((book) => book.title).sort()).to.deep.equal(['Emma', 'Persuasion']);
    // (Objection reads the tables' columns first, on SQLite, the first time it joins them.)
    const joined = queries.filter(({ sql }) => /left join/i.test(sql));
    expect(joined).to.have.length(1);
    expect(joined[0]!.sql).not.to.match(/\blimit\b/i);
  });

  it('a plain findById and first() send no LIMIT either', async () => {
    const author = await Author.query().insert({ name: 'Jane Austen' });

    const { result, queries } = await recordQueries(db.knex, async () => [
      await Author.query().findById(author.id),
      await Author.query().orderBy('id').first(),
    ]);

    expect(result.map((row) => row?.name)).to.deep.equal(['Jane Austen', 'Jane Austen']);
    for (const { sql } of queries) expect(sql).not.to.match(/\blimit\b/i);
  });
});
