import { expect } from 'chai';
import { belongsToOne, type DeleteHook, Deletion, hasMany, recordQueries } from '../../lib';
import { Author, Book, Post, Profile, Shop, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { shapesOf } from '../support/statements';

// cascade: deleting a row deletes its dependents through the models, level by level.
describeEachDialect('Delete policies | cascade', (db) => {
  async function authorWithBooks(name: string, count: number) {
    const books = Array.from({ length: count }, (_, i) => ({ title: `${name} ${i + 1}` }));
    return db.knex.transaction(async (trx) => Author.query(trx).insertGraph({ name, books }));
  }

  it('deleting an author deletes the books, and no other author’s', async () => {
    const austen = await authorWithBooks('Austen', 2);
    const orwell = await authorWithBooks('Orwell', 1);

    const deleted = await Author.query().deleteById(austen.id);

    expect(deleted).to.equal(1);
    expect(await Author.query().select('name')).to.deep.equal([{ name: 'Orwell' }]);
    const books = await Book.query().select('title', 'author_id');
    expect(books).to.deep.equal([{ title: 'Orwell 1', author_id: orwell.id }]);
  });

  it('deletes an author with 10 books and one with 1,000 books in the same statements, one per level', async () => {
    const few = await authorWithBooks('Few', 10);
    const many = await authorWithBooks('Many', 1000);

    const deleteFew = await recordQueries(db.knex, () => Author.query().deleteById(few.id));
    const deleteMany = await recordQueries(db.knex, () => many.$query().delete());

    // The authors' ids are read; the books are reached by a subquery, audited and deleted in SQL.
    const perLevel = [
      'begin',
      'select authors',
      'insert deletions',
      'insert deletions',
      'delete books',
      'delete authors',
      'commit',
    ];
    expect(shapesOf(deleteFew.queries)).to.deep.equal(perLevel);
    expect(shapesOf(deleteMany.queries)).to.deep.equal(perLevel);
    expect(await Book.query().resultSize()).to.equal(0);
    expect(await Deletion.query().where('table_name', 'books').resultSize()).to.equal(1010);
  });

  it('deleting a user deletes the posts and the profile, and unrelates the posts’ tags', async () => {
    const [john] = await User.query().insertGraph(
      [
        {
          name: 'John',
          profile: { bio: 'Writes about ORMs' },
          posts: [
            { title: 'First', content: 'a', tags: [{ '#id': 'orm', name: 'orm' }] },
            { title: 'Second', content: 'b', tags: [{ '#ref': 'orm' }, { name: 'sql' }] },
          ],
        },
        { name: 'Jane', posts: [{ title: 'Third', content: 'c', tags: [{ '#ref': 'orm' }] }] },
      ],
      { allowRefs: true },
    );

    const { queries } = await recordQueries(db.knex, () => john!.$query().delete());

    expect(await User.query().select('name')).to.deep.equal([{ name: 'Jane' }]);
    expect(await Post.query().select('title')).to.deep.equal([{ title: 'Third' }]);
    expect(await Profile.query().resultSize()).to.equal(0);
    expect((await Tag.query().orderBy('name')).map((t) => t.name)).to.deep.equal(['orm', 'sql']);
    const janesPost = await Post.query().findOne({ title: 'Third' });
    expect((await janesPost!.$relatedQuery('tags')).map((t) => t.name)).to.deep.equal(['orm']);
    expect(await db.knex('post_tags').count({ n: '*' }).first()).to.deep.equal({ n: 1 });
    expect(shapesOf(queries)).to.deep.equal([
      'begin',
      'select users',
      'insert deletions',
      'insert deletions',
      'insert deletions',
      // The posts' comments (polymorphic, cascade): audited and deleted in SQL.
      'insert deletions',
      'delete comments',
      'delete post_tags',
      'delete posts',
      'delete profiles',
      'delete users',
      'commit',
    ]);
  });

  it('cascades from every shop a query-level delete targets, and from no other', async () => {
    await Shop.query().insertGraph([
      { name: 'Green Grocer', products: [{ name: 'Rice', price: 2.5 }] },
      { name: 'Corner Bakery', products: [{ name: 'Bread', price: 3 }] },
      { name: 'Tech Hub', products: [{ name: 'Mouse', price: 19.99 }] },
    ]);

    const deleted = await Shop.query().delete().whereIn('name', ['Green Grocer', 'Tech Hub']);

    expect(deleted).to.equal(2);
    const remaining = await Shop.query().withGraphFetched('products');
    expect(remaining.map((s) => [s.name, s.products?.map((p) => p.name)])).to.deep.equal([
      ['Corner Bakery', ['Bread']],
    ]);
  });

  // An author whose books are reachable through two cascades: a diamond in the policies.
  class TwinBook extends Book {
    static override relationMappings = () => ({
      author: belongsToOne(TwinAuthor, {
        from: 'books.author_id',
        to: 'authors.id',
        inverse: 'books',
      }),
      sameAuthor: belongsToOne(TwinAuthor, {
        from: 'books.author_id',
        to: 'authors.id',
        inverse: 'sameBooks',
      }),
    });
  }
  class TwinAuthor extends Author {
    static override relationMappings = () => ({
      books: hasMany(TwinBook, {
        from: 'authors.id',
        to: 'books.author_id',
        inverse: 'author',
        onDelete: 'cascade',
      }),
      sameBooks: hasMany(TwinBook, {
        from: 'authors.id',
        to: 'books.author_id',
        inverse: 'sameAuthor',
        onDelete: 'cascade',
      }),
    });
  }

  it('deletes, hooks and audits once a row two cascades reach', async () => {
    const seen: unknown[] = [];
    const witness: DeleteHook = {
      before: ({ rows }) => void seen.push(...rows.map((r) => r.$id())),
    };
    const austen = await authorWithBooks('Austen', 2);
    TwinBook.deleteHooks = [...Book.deleteHooks, witness];

    const deleted = await TwinAuthor.query().deleteById(austen.id);

    expect(deleted).to.equal(1);
    expect(seen).to.deep.equal(austen.books!.map((b) => b.id));
    expect(await Book.query().resultSize()).to.equal(0);
    const trail = await Deletion.query().orderBy('id');
    expect(trail.map((d) => [d.table_name, d.row_id])).to.deep.equal([
      ['books', austen.books![0]!.id],
      ['books', austen.books![1]!.id],
      ['authors', austen.id],
    ]);
  });

  // An author who depends on itself: a cycle in the policies.
  class EchoAuthor extends Author {
    static override relationMappings = () => ({
      ...Author.relationMappings(),
      echoes: hasMany(EchoAuthor, {
        from: 'authors.id',
        to: 'authors.id',
        inverse: 'echoOf',
        onDelete: 'cascade',
      }),
      echoOf: belongsToOne(EchoAuthor, { from: 'authors.id', to: 'authors.id', inverse: 'echoes' }),
    });
  }

  it('ends a cascade that comes back to rows it already deletes', async () => {
    const austen = await authorWithBooks('Austen', 2);
    const orwell = await authorWithBooks('Orwell', 1);

    const deleted = await EchoAuthor.query().deleteById(austen.id);

    expect(deleted).to.equal(1);
    expect(await Author.query().select('name')).to.deep.equal([{ name: 'Orwell' }]);
    expect(await Book.query().where('author_id', orwell.id).resultSize()).to.equal(1);
    const trail = await Deletion.query().orderBy('id');
    expect(trail.map((d) => d.table_name)).to.deep.equal(['books', 'books', 'authors']);
  });
});
