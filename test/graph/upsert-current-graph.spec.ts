import { expect } from 'chai';
import type { StaticHookArguments } from 'objection';
import { Deletion, NotFoundError, hasMany, recordQueries } from '../../lib';
import { Author, Book, Order, Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';
import { shapesOf } from '../support/statements';

// How an upsert reads the graph it replaces: plain reads, or Objection's where only those do.
describeEachDialect('Graph upserts | reading the current graph', (db) => {
  async function austen() {
    return Author.query().insertGraph({
      name: 'Jane Austen',
      books: [{ title: 'Emma' }, { title: 'Persuasion' }, { title: 'Sanditon' }],
    });
  }

  it('refuses a root that does not exist while its children are read, leaving everything as it was', async () => {
    const author = await austen();
    const before = await snapshotDatabase(db.knex);

    const error = await Author.query()
      .upsertGraph([
        { id: author.id, books: [] },
        { id: author.id + 1, books: [{ title: 'Lady Susan' }] },
      ])
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(NotFoundError);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    expect(await Book.query().resultSize()).to.equal(3);
  });

  it('reads each level once, by the ids the input gives, and names the relation it reads through', async () => {
    const author = await austen();

    const { queries } = await recordQueries(db.knex, () =>
      Author.query().upsertGraph({ id: author.id, books: [{ id: author.books![0]!.id }] }),
    );

    expect(shapesOf(queries).slice(0, 3)).to.deep.equal([
      'begin',
      'select authors',
      'select books',
    ]);
    expect(queries[1]?.model).to.equal('Author');
    expect(queries[2]).to.include({ model: 'Book', relation: 'Author.books' });
  });

  it('keeps the join-table extras of the many-to-many children it keeps', async () => {
    const [rice, beans] = await Product.query().insertGraph([
      { name: 'Rice', price: 2.5, shop: { name: 'Green Grocer' } },
      { name: 'Beans', price: 1.2, shop: { name: 'Corner Shop' } },
    ]);
    const order = await Order.query().insertGraph(
      {
        order_number: 'A-1',
        products: [
          { id: rice!.id, quantity: 2, unit_price: 2.5 },
          { id: beans!.id, quantity: 1, unit_price: 1.2 },
        ],
      },
      { relate: true },
    );

    await Order.query().upsertGraph({
      id: order.id,
      products: [
        { id: rice!.id },
        { name: 'Lentils', price: 3.1, shop_id: rice!.shop_id, quantity: 5, unit_price: 3 },
      ],
    });

    const items = await db
      .knex('order_items')
      .join('products', 'products.id', 'order_items.product_id')
      .orderBy('products.name')
      .select('products.name', 'order_items.quantity', 'order_items.unit_price');
    expect(items.map((i) => [i.name, i.quantity, Number(i.unit_price)])).to.deep.equal([
      ['Lentils', 5, 3],
      ['Rice', 2, 2.5],
    ]);
    expect(await Product.query().resultSize()).to.equal(3);
  });

  it('leaves a relation with a modify filter to Objection, which reads only the filtered rows', async () => {
    class Novelist extends Author {
      static override relationMappings = () => ({
        books: {
          ...hasMany(Book, {
            from: 'authors.id',
            to: 'books.author_id',
            inverse: 'author',
            onDelete: 'cascade',
          }),
          modify: (query: { where(column: string, op: string, value: string): unknown }) =>
            query.where('title', 'like', 'E%'),
        },
      });
    }
    const author = await austen();

    await Novelist.query().upsertGraph({ id: author.id, books: [] });

    const titles = (await Book.query().orderBy('title')).map((b) => b.title);
    expect(titles).to.deep.equal(['Persuasion', 'Sanditon']);
  });

  it('leaves models with find hooks to Objection, whose read of the current rows runs them', async () => {
    const found: string[] = [];
    class WatchedShop extends Shop {
      override $afterFind() {
        found.push(this.name);
      }
    }
    const shop = await Shop.query().insertGraph({ name: 'Green Grocer', products: [] });

    await WatchedShop.query().upsertGraph({ id: shop.id, name: 'Green Grocer & Co' });

    // The row as it was before the upsert went through the hook.
    expect(found).to.include('Green Grocer');
    expect((await Shop.query().findById(shop.id))?.name).to.equal('Green Grocer & Co');
  });

  it('removes the missing children of a model with static delete hooks through a delete query', async () => {
    class KeptBook extends Book {
      static override beforeDelete({ cancelQuery }: StaticHookArguments<KeptBook>) {
        cancelQuery(0);
      }
    }
    class KeepingAuthor extends Author {
      static override relationMappings = () => ({
        books: hasMany(KeptBook, {
          from: 'authors.id',
          to: 'books.author_id',
          inverse: 'author',
          onDelete: 'cascade',
        }),
      });
    }
    const author = await austen();

    await KeepingAuthor.query().upsertGraph({ id: author.id, books: [] });

    expect(await Book.query().resultSize()).to.equal(3);
    expect(await Deletion.query().resultSize()).to.equal(0);
  });

  it('removes the missing children it has read through their delete policy, without reading them again', async () => {
    const author = await austen();
    const [emma] = author.books!;

    const { queries } = await recordQueries(db.knex, () =>
      Author.query().upsertGraph({ id: author.id, books: [{ id: emma!.id }] }),
    );

    expect(shapesOf(queries).filter((shape) => shape === 'select books')).to.have.length(1);
    const trail = await Deletion.query().orderBy('row_id');
    expect(trail.map((d) => [d.table_name, d.row.title])).to.deep.equal([
      ['books', 'Persuasion'],
      ['books', 'Sanditon'],
    ]);
    expect(Object.keys(trail[0]!.row).sort()).to.deep.equal(
      Object.keys((await Book.query().findById(emma!.id))!.toJSON()).sort(),
    );
  });
});
