import { expect } from 'chai';
import type { QueryContext, StaticHookArguments } from 'objection';
import { Deletion, NotFoundError } from '../../lib';
import { Author, Book, Post, Shop, Tag, User } from '../../models';
import { describeEachDialect } from '../support/database';

// Every way Objection deletes goes through the policies, and still answers as Objection does.
describeEachDialect('Delete policies | every kind of delete', (db) => {
  async function austen() {
    return Author.query().insertGraph({
      name: 'Jane Austen',
      books: [{ title: 'Emma' }, { title: 'Persuasion' }],
    });
  }

  it('applies them to $relatedQuery deletes, without touching the owner’s loaded relation', async () => {
    const shop = await Shop.query().insertGraph({
      name: 'Green Grocer',
      products: [
        { name: 'Rice', price: 2.5 },
        { name: 'Beans', price: 1.2 },
      ],
    });
    const other = await Shop.query().insertGraph({
      name: 'Corner',
      products: [{ name: 'Rice', price: 1 }],
    });

    const deleted = await shop.$relatedQuery('products').delete().where('name', 'Rice');

    expect(deleted).to.equal(1);
    expect(shop.products?.map((p) => p.name)).to.deep.equal(['Rice', 'Beans']);
    expect((await shop.$relatedQuery('products')).map((p) => p.name)).to.deep.equal(['Beans']);
    expect(await other.$relatedQuery('products').resultSize()).to.equal(1);
    expect(await Deletion.query().select('table_name', 'row_id')).to.deep.equal([
      { table_name: 'products', row_id: shop.products![0]!.id },
    ]);
  });

  it('applies the targets’ policies to a many-to-many $relatedQuery delete', async () => {
    const user = await User.query().insertGraph(
      {
        name: 'John',
        posts: [
          { title: 'First', content: 'a', tags: [{ '#id': 'orm', name: 'orm' }, { name: 'sql' }] },
          { title: 'Second', content: 'b', tags: [{ '#ref': 'orm' }] },
        ],
      },
      { allowRefs: true },
    );
    const [first, second] = user.posts!;

    await first!.$relatedQuery('tags').delete().where('name', 'orm');

    expect((await Tag.query()).map((t) => t.name)).to.deep.equal(['sql']);
    expect(await second!.$relatedQuery('tags').resultSize()).to.equal(0);
    expect(await Post.query().resultSize()).to.equal(2);
  });

  it('runs in the caller’s transaction: a rollback brings back every row and its audit', async () => {
    const author = await austen();

    const rolledBack = await db.knex
      .transaction(async (trx) => {
        await Author.query(trx).deleteById(author.id);
        expect(await Book.query(trx).resultSize()).to.equal(0);
        throw new Error('changed my mind');
      })
      .catch((e: unknown) => e);

    expect(rolledBack).to.have.property('message', 'changed my mind');
    expect(await Book.query().resultSize()).to.equal(2);
    expect(await Deletion.query().resultSize()).to.equal(0);
  });

  it('resolves as Objection does: a count, the rows with returning, NotFound when asked', async () => {
    const author = await austen();
    const missing = await Author.query()
      .deleteById(author.id + 1)
      .throwIfNotFound()
      .catch((e: unknown) => e);

    const returned = await Book.query().delete().where('title', 'Emma').returning('*');
    const count = await Author.query().delete().where('name', 'Jane Austen');

    expect(missing).to.be.instanceOf(NotFoundError);
    expect(returned.map((b) => [b.title, b.author_id])).to.deep.equal([['Emma', author.id]]);
    expect(count).to.equal(1);
  });

  it('returns the columns returning() lists, as Objection does, without $afterFind', async () => {
    let afterFinds = 0;
    // No delete hooks of its own (the audit reads rows through the model for one with $afterFind).
    class WatchedAuthor extends Author {
      static override deleteHooks = [];
      override $afterFind() {
        afterFinds++;
      }
    }
    const austenRow = await austen();
    const bronte = await Author.query().insertGraph({ name: 'Anne Brontë', books: [] });

    const listed = await WatchedAuthor.query()
      .delete()
      .where('name', 'Jane Austen')
      .returning('name');
    const one = await WatchedAuthor.fromJson({ id: bronte.id, name: 'x' })
      .$query()
      .delete()
      .returning(['id', 'name']);

    expect(listed.map((author) => ({ ...author }))).to.deep.equal([{ name: 'Jane Austen' }]);
    expect(listed[0]).to.be.instanceOf(WatchedAuthor);
    expect({ ...one }).to.deep.equal({ id: bronte.id, name: 'Anne Brontë' });
    expect(afterFinds).to.equal(0);
    expect(await Author.query().resultSize()).to.equal(0);
    // The cascade ran: Jane Austen's books went with her, audited.
    expect(await Book.query().resultSize()).to.equal(0);
    const trail = await Deletion.query().orderBy('id');
    expect(trail.map((row) => row.row_id)).to.deep.equal(austenRow.books!.map((book) => book.id));
  });

  it('keeps Objection’s instance hooks, before anything is deleted', async () => {
    const seen: number[] = [];
    class CheckedAuthor extends Author {
      override async $beforeDelete(context: QueryContext) {
        seen.push(await this.$relatedQuery('books', context.transaction).resultSize());
      }
    }
    const author = await austen();

    await CheckedAuthor.fromJson({ id: author.id, name: author.name }).$query().delete();

    expect(seen).to.deep.equal([2]);
    expect(await Book.query().resultSize()).to.equal(0);
  });

  it('lets Objection’s static beforeDelete cancel the whole delete, cascade included', async () => {
    class GuardedAuthor extends Author {
      static override beforeDelete({ cancelQuery }: StaticHookArguments<GuardedAuthor>) {
        cancelQuery(0);
      }
    }
    const author = await austen();

    const deleted = await GuardedAuthor.query().deleteById(author.id);

    expect(deleted).to.equal(0);
    expect(await Book.query().resultSize()).to.equal(2);
    expect(await Deletion.query().resultSize()).to.equal(0);
  });
});
