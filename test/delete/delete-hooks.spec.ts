import { expect } from 'chai';
import { type DeletedBatch, type DeleteHook, Deletion, recordQueries } from '../../lib';
import { Author, Book, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

// Every model records its deleted rows in the audit trail, through its delete hooks.
describeEachDialect('Delete hooks | the audit trail of deletions', (db) => {
  async function john() {
    return User.query().insertGraph({
      name: 'John',
      profile: { bio: 'Writes about ORMs' },
      posts: [
        { title: 'First', content: 'a' },
        { title: 'Second', content: 'b' },
      ],
    });
  }

  it('records every row a cascade removes, once, with its table, id and content', async () => {
    const user = await john();

    await user.$query().delete();

    const trail = await Deletion.query().orderBy('id');
    expect(trail.map((d) => [d.table_name, d.row_id])).to.deep.equal([
      ['posts', user.posts![0]!.id],
      ['posts', user.posts![1]!.id],
      ['profiles', user.profile!.id],
      ['users', user.id],
    ]);
    expect(trail[1]!.row).to.deep.include({ title: 'Second', content: 'b', user_id: user.id });
    expect(trail[3]!.row).to.deep.equal({
      id: user.id,
      name: 'John',
      created_at: user.created_at,
      updated_at: user.updated_at,
    });
    expect(new Set(trail.map((d) => d.deleted_at)).size).to.equal(1);
    expect(Date.parse(trail[0]!.deleted_at)).to.be.closeTo(Date.now(), 60_000);
  });

  it('writes one multi-row insert per level, however many rows it holds', async () => {
    await john();

    const { queries } = await recordQueries(db.knex, () => User.query().delete());

    const inserts = queries.filter((q) => /^insert into/i.test(q.sql));
    expect(inserts.map((q) => q.bindings.length)).to.deep.equal([2 * 4, 4, 4]);
  });

  it('hands each hook its batch: the model, the rows and the path from the deleted row', async () => {
    const batches: Array<Pick<DeletedBatch, 'path'> & { table: string; ids: unknown[] }> = [];
    const witness: DeleteHook = {
      before: ({ modelClass, rows, path }) => {
        batches.push({ table: modelClass.tableName, ids: rows.map((r) => r.$id()), path });
      },
    };
    const original = Book.deleteHooks;
    Book.deleteHooks = [...original, witness];
    try {
      const author = await Author.query().insertGraph({
        name: 'Jane Austen',
        books: [{ title: 'Emma' }, { title: 'Persuasion' }],
      });

      await author.$query().delete();

      expect(batches).to.deep.equal([
        { table: 'books', ids: author.books!.map((b) => b.id), path: ['books'] },
      ]);
    } finally {
      Book.deleteHooks = original;
    }
  });

  it('cancels the whole delete when a before hook throws, writing nothing', async () => {
    const keepClassics: DeleteHook = {
      before: ({ rows }) => {
        if (rows.some((book) => (book as Book).title === 'Emma')) throw new Error('Emma stays');
      },
    };
    const original = Book.deleteHooks;
    Book.deleteHooks = [keepClassics, ...original];
    try {
      const author = await Author.query().insertGraph({
        name: 'Jane Austen',
        books: [{ title: 'Emma' }, { title: 'Persuasion' }],
      });
      const before = await snapshotDatabase(db.knex);

      const error = await author
        .$query()
        .delete()
        .catch((e: unknown) => e);

      expect(error).to.have.property('message', 'Emma stays');
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    } finally {
      Book.deleteHooks = original;
    }
  });
});
