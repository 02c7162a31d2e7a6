import { expect } from 'chai';
import { Author, Book } from '../../models';
import { describeEachDialect } from '../support/database';

// Seed 002: an author has many books; deleting the author deletes the books.
describeEachDialect('Author | HasMany books ↔ Book | BelongsToOne author', () => {
  it('adds a book to an author through $relatedQuery(books).insert', async () => {
    const austen = await Author.query().insert({ name: 'Jane Austen' });

    const emma = await austen.$relatedQuery('books').insert({ title: 'Emma' });

    expect(emma.author_id).to.equal(austen.id);
    const books = await Book.query().where('author_id', austen.id);
    expect(books.map((b) => b.title)).to.deep.equal(['Emma']);
  });

  it('deleting an author deletes the books', async () => {
    const austen = await Author.query().insertGraph({
      name: 'Jane Austen',
      books: [{ title: 'Emma' }, { title: 'Persuasion' }],
    });
    const orwell = await Author.query().insertGraph({
      name: 'George Orwell',
      books: [{ title: 'Animal Farm' }],
    });

    await Author.query().deleteById(austen.id);

    const remaining = await Book.query().orderBy('id');
    expect(remaining.map((b) => [b.title, b.author_id])).to.deep.equal([
      ['Animal Farm', orwell.id],
    ]);
  });

  it('withGraphFetched and withGraphJoined return the same graph', async () => {
    await Author.query().insertGraph([
      { name: 'Jane Austen', books: [{ title: 'Emma' }, { title: 'Persuasion' }] },
      { name: 'George Orwell', books: [{ title: 'Animal Farm' }] },
      { name: 'Nobody Yet', books: [] },
    ]);

    const fetched = await Author.query().withGraphFetched('books').orderBy('id');
    const joined = await Author.query().withGraphJoined('books').orderBy('authors.id');
    const byId = (authors: Author[]) =>
      authors.map((a) => ({
        ...a.toJSON(),
        books: [...(a.books ?? [])].sort((x, y) => x.id - y.id).map((b) => b.toJSON()),
      }));

    expect(byId(joined)).to.deep.equal(byId(fetched));
    expect(fetched.map((a) => a.books?.length)).to.deep.equal([2, 1, 0]);
  });
});
