import { expect } from 'chai';
import knexFactory from 'knex';
import type { Model, ModelClass, Pojo } from 'objection';
import { demoKnexConfig } from '../../demo';
import { Deletion, recordQueries } from '../../lib';
import {
  Author,
  Book,
  Customer,
  Order,
  Post,
  Product,
  Profile,
  Shop,
  Tag,
  User,
} from '../../models';
import { describeEachDialect } from '../support/database';
import { shapesOf } from '../support/statements';

// The audit hook builds each deleted row's JSON in SQL; it must be what the model's toJSON()
// gives, which is what the hook wrote when it serialised the rows in JavaScript.
describeEachDialect('Delete hooks | the audit trail, built by the database', (db) => {
  const STRINGS = ['plain', 'it’s "quoted" \\ back\\slashed', 'new\nline\ttab', 'ünïcødé 🍞', ''];

  /** Every row of `model`, as its model serialises it: what the JavaScript path wrote. */
  async function serialised(model: ModelClass<Model>): Promise<Map<number, Pojo>> {
    const rows = await model.query().orderBy('id');
    return new Map(rows.map((row) => [row.$id() as number, row.toJSON()]));
  }

  async function trailOf(table: string): Promise<Map<number, Pojo>> {
    const trail = await Deletion.query().where('table_name', table).orderBy('id');
    return new Map(trail.map((deletion) => [deletion.row_id, deletion.row]));
  }

  async function expectAuditedAsSerialised(
    models: ReadonlyArray<ModelClass<Model>>,
    run: () => PromiseLike<unknown>,
  ) {
    const before = await Promise.all(models.map(serialised));
    await run();
    for (const [index, model] of models.entries()) {
      expect(await trailOf(model.tableName), model.tableName).to.deep.equal(before[index]);
    }
  }

  it('records every row of every cascade level as toJSON() gives it', async () => {
    await User.query().insertGraph(
      STRINGS.map((text, i) => ({
        name: `User ${i} ${text}`.slice(0, 50),
        profile: { bio: i % 2 === 0 ? null : text },
        posts: [{ title: `Post ${i}`, content: text || 'x', tags: [{ name: `tag ${i} ${text}` }] }],
      })),
    );
    await Shop.query().insertGraph([
      {
        name: 'Grocer',
        products: [0, 0.01, 1.2, 2.5, 3, 19.99, 99999999.99].map((price, i) => ({
          name: `Product ${i}`,
          price,
        })),
      },
    ]);
    await Author.query().insertGraph(
      STRINGS.map((text, i) => ({ name: `Author ${i}`, books: [{ title: text || 'x' }] })),
    );
    await Customer.query().insertGraph({ name: 'Alice', orders: [{ order_number: 'A-1' }] });

    // A customer's soft delete cascades to its orders: both are audited, as they were before it.
    await expectAuditedAsSerialised(
      [Post, Profile, User, Product, Shop, Book, Author, Customer, Order],
      async () => {
        await User.query().delete();
        await Shop.query().delete();
        await Author.query().delete();
        await Customer.query().delete();
      },
    );
    await expectAuditedAsSerialised([Tag], async () => {
      await Tag.query().delete();
    });
  });

  it('records timestamps and numbers as the model reads them, whatever the database stored', async () => {
    // Raw inserts, as another program would write: CURRENT_TIMESTAMP text on SQLite, microseconds
    // on PostgreSQL, fractions of every length, a Date (milliseconds on SQLite), a double that
    // 15 digits do not give back.
    const stamps = [
      '2026-01-02 03:04:05',
      '2026-01-02 03:04:05.5',
      '2026-01-02 03:04:05.12',
      '2026-01-02 03:04:05.123456',
      '2026-01-02T03:04:05.678Z',
      new Date('2026-01-02T03:04:05.678Z'),
    ];
    await db
      .knex('authors')
      .insert(
        stamps.map((stamp, i) => ({ name: `Author ${i}`, created_at: stamp, updated_at: stamp })),
      );
    await db.knex('authors').insert({ name: 'Defaults' });
    const [shop] = await db.knex('shops').insert({ name: 'Grocer' }).returning('id');
    await db.knex('products').insert(
      [0.1 + 0.2, 1 / 3, 7, 12345678.9].map((price, i) => ({
        shop_id: (shop as { id: number }).id,
        name: `Product ${i}`,
        price,
      })),
    );

    await expectAuditedAsSerialised([Author], () => Author.query().delete());
    await expectAuditedAsSerialised([Product, Shop], () => Shop.query().delete());
  });

  it('serialises in JavaScript a model that shapes its own JSON', async () => {
    class ShelvedBook extends Book {
      override $formatJson(json: Pojo): Pojo {
        const formatted = super.$formatJson(json);
        return { ...formatted, shelf: String(formatted.title).toUpperCase() };
      }
    }
    await Author.query().insertGraph({
      name: 'Austen',
      books: [{ title: 'Emma' }, { title: 'Persuasion' }],
    });

    const before = await serialised(ShelvedBook);
    const { queries } = await recordQueries(db.knex, () => ShelvedBook.query().delete());

    expect(await trailOf('books')).to.deep.equal(before);
    expect([...before.values()].map((row) => row.shelf)).to.deep.equal(['EMMA', 'PERSUASION']);
    // The rows are read for the audit, then written with one multi-row insert.
    expect(shapesOf(queries)).to.deep.equal([
      'begin',
      'select books',
      'select books',
      'insert deletions',
      'delete books',
      'commit',
    ]);
  });

  it('reads a table’s columns on its first audited delete, once per database', async () => {
    const fresh = knexFactory(demoKnexConfig(db.dialect.url));
    try {
      const [first, second] = await Author.query(fresh).insertGraph([
        { name: 'Austen', books: [{ title: 'Emma' }] },
        { name: 'Orwell', books: [{ title: '1984' }] },
      ]);

      const cold = await recordQueries(fresh, () => Author.query(fresh).deleteById(first!.id));
      const warm = await recordQueries(fresh, () => Author.query(fresh).deleteById(second!.id));

      // One catalog read for books, one for authors, the first time only.
      expect(cold.queries.length).to.equal(warm.queries.length + 2);
      expect(await Deletion.query().resultSize()).to.equal(4);
    } finally {
      await fresh.destroy();
    }
  });
});
