import { expect } from 'chai';
import { type DeletedBatch, type DeleteHook, Deletion, recordQueries } from '../../lib';
import { Author, Book, User } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';
import { shapesOf } from '../support/statements';

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

  it('writes one INSERT … SELECT per level, the same statements for 2 posts as for 50', async () => {
    async function auditStatements(posts: number) {
      await User.query().insertGraph({
        name: 'John',
        profile: { bio: 'Writes about ORMs' },
        posts: Array.from({ length: posts }, (_, i) => ({ title: `Post ${i}`, content: 'c' })),
      });
      const { queries } = await recordQueries(db.knex, () => User.query().delete());
      return queries
        .filter((q) => /^insert into/i.test(q.sql))
        .map((q) => ({ sql: q.sql, bindings: q.bindings.length }));
    }

    const few = await auditStatements(2);
    const many = await auditStatements(50);

    // Users, posts, the posts' comments (polymorphic cascade), profiles.
    expect(few).to.have.length(4);
    for (const { sql } of few) expect(sql).to.match(/^insert into \S+deletions\S+ \(.*\) select /i);
    expect(many).to.deep.equal(few);
    expect(await Deletion.query().where('table_name', 'posts').resultSize()).to.equal(52);
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

  /** Runs `fn` with `hooks` added to `model`'s delete hooks, after its own. */
  async function withHooks<T>(
    model: { deleteHooks: readonly DeleteHook[] },
    hooks: DeleteHook[],
    fn: () => Promise<T>,
  ): Promise<T> {
    const original = model.deleteHooks;
    model.deleteHooks = [...original, ...hooks];
    try {
      return await fn();
    } finally {
      model.deleteHooks = original;
    }
  }

  async function austen() {
    return Author.query().insertGraph({
      name: 'Jane Austen',
      books: [{ title: 'Emma' }, { title: 'Persuasion' }, { title: 'Sanditon' }],
    });
  }

  it('reads no rows for a hook that works in SQL, and hands it the batch as a query', async () => {
    const counted: Array<[string, string[], number]> = [];
    const counter: DeleteHook = {
      readsRows: false,
      async before({ modelClass, path, rowsQuery }) {
        const [row] = await rowsQuery().count({ n: '*' });
        counted.push([modelClass.tableName, path, Number(row?.n)]);
      },
    };
    const author = await austen();

    const { queries } = await withHooks(Book, [counter], () =>
      recordQueries(db.knex, () => author.$query().delete()),
    );

    expect(counted).to.deep.equal([['books', ['books'], 3]]);
    // The books are never read: the only SELECT on them is the hook's own count.
    expect(shapesOf(queries)).to.deep.equal([
      'begin',
      'select authors',
      'insert deletions',
      'select books',
      'insert deletions',
      'delete books',
      'delete authors',
      'commit',
    ]);
  });

  it('tells a hook that declared it reads no rows, and reads them, what to do instead', async () => {
    const careless: DeleteHook = { readsRows: false, before: ({ rows }) => void rows.length };
    const author = await austen();
    const before = await snapshotDatabase(db.knex);

    const error = await withHooks(Book, [careless], () =>
      author
        .$query()
        .delete()
        .catch((e: unknown) => e),
    );

    expect(error)
      .to.have.property('message')
      .that.matches(/rows of Book were not read/);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('takes back the audit rows already written when a later before hook throws', async () => {
    // The books' and the author's audit rows are written before this hook runs, last.
    const refuse: DeleteHook = {
      readsRows: false,
      before: () => {
        throw new Error('not today');
      },
    };
    const author = await austen();
    const before = await snapshotDatabase(db.knex);

    const { result: error, queries } = await withHooks(Author, [refuse], () =>
      recordQueries(db.knex, () =>
        author
          .$query()
          .delete()
          .catch((e: unknown) => e),
      ),
    );

    expect(error).to.have.property('message', 'not today');
    expect(shapesOf(queries)).to.include.members(['insert deletions', 'rollback']);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('takes back every delete and audit row when an after hook throws', async () => {
    const regret: DeleteHook = {
      after: ({ rows }) => {
        throw new Error(`regretted ${rows.length} books`);
      },
    };
    const author = await austen();
    const before = await snapshotDatabase(db.knex);

    const error = await withHooks(Book, [regret], () =>
      author
        .$query()
        .delete()
        .catch((e: unknown) => e),
    );

    expect(error).to.have.property('message', 'regretted 3 books');
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });
});
