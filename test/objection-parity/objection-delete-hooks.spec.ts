import { expect } from 'chai';
import type { StaticHookArguments } from 'objection';
import { BaseModel, Deletion, recordQueries } from '../../lib';
import { Author, Book } from '../../models';
import { describeEachDialect } from '../support/database';

/** `promise`, or a failure once `ms` have passed: a delete that waits for a lock never ends. */
function within<T>(ms: number, promise: PromiseLike<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

// Objection's delete hooks run as they do without the layer: before the transaction the layer
// opens for its policy walk, and after its commit. A hook that queries without a transaction
// needs a connection of its own (SQLite has one), and one that looks afterwards sees the rows gone.
describeEachDialect('Objection parity | delete hooks run outside the layer’s transaction', (db) => {
  async function austen() {
    return Author.query().insertGraph({
      name: 'Jane Austen',
      books: [{ title: 'Emma' }, { title: 'Persuasion' }],
    });
  }

  it('$beforeDelete may query without the transaction, and the cascade still runs', async () => {
    const seen: number[] = [];
    class CountingAuthor extends Author {
      override async $beforeDelete() {
        seen.push(await Book.query().resultSize());
      }
    }
    const author = await austen();

    await within(5000, CountingAuthor.fromJson({ id: author.id, name: 'x' }).$query().delete());

    expect(seen).to.deep.equal([2]);
    expect(await Author.query().resultSize()).to.equal(0);
    expect(await Book.query().resultSize()).to.equal(0);
    expect(await Deletion.query().resultSize()).to.equal(3);
  });

  it('$afterDelete and static afterDelete run after the commit: a query outside sees the rows gone', async () => {
    const seen: Array<[string, number, number]> = [];
    class WatchedAuthor extends Author {
      override async $afterDelete() {
        seen.push([
          '$afterDelete',
          await Author.query().resultSize(),
          await Book.query().resultSize(),
        ]);
      }
      static override async afterDelete(_args: StaticHookArguments<WatchedAuthor>) {
        seen.push([
          'afterDelete',
          await Author.query().resultSize(),
          await Book.query().resultSize(),
        ]);
      }
    }
    const author = await austen();

    const deleted = await within(
      5000,
      WatchedAuthor.fromJson({ id: author.id, name: 'x' }).$query().delete(),
    );

    expect(deleted).to.equal(1);
    expect(seen).to.deep.equal([
      ['$afterDelete', 0, 0],
      ['afterDelete', 0, 0],
    ]);
  });

  it('static beforeDelete may query without the transaction', async () => {
    const seen: number[] = [];
    class GuardedAuthor extends Author {
      static override async beforeDelete(_args: StaticHookArguments<GuardedAuthor>) {
        seen.push(await Book.query().resultSize());
      }
    }
    const author = await austen();

    await within(5000, GuardedAuthor.query().deleteById(author.id));

    expect(seen).to.deep.equal([2]);
    expect(await Book.query().resultSize()).to.equal(0);
  });

  it('a delete with nothing to walk runs as Objection runs it: one statement', async () => {
    class Note extends BaseModel {
      static override tableName = 'tags';
      static override hasTimestamps = false;
    }
    const [tag] = (await db.knex('tags').insert({ name: 'orm' }).returning('id')) as Array<{
      id: number;
    }>;

    const { result, queries } = await recordQueries(db.knex, async () =>
      Note.query().deleteById(tag!.id),
    );

    expect(result).to.equal(1);
    expect(queries.map(({ sql }) => sql.replace(/[`"]/g, ''))).to.deep.equal([
      `delete from tags where tags.id = ${db.dialect.name === 'postgres' ? '$1' : '?'}`,
    ]);
    expect(await db.knex('tags').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });
});
