import { expect } from 'chai';
import type { Knex } from 'knex';
import {
  CheckViolationError,
  type ConstraintDetails,
  ForeignKeyViolationError,
  type LayerError,
  NotNullViolationError,
  UniqueViolationError,
  translateError,
} from '../../lib';
import { Order, Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import type { DialectName } from '../support/dialects';
import { snapshotDatabase } from '../support/queries';
import { expectCleanMessage } from './clean-message';

interface ConstraintCase {
  title: string;
  /** The refused write: a model query, or a raw knex query that `translateError` translates. */
  write: (knex: Knex) => PromiseLike<unknown>;
  errorClass: abstract new (...args: never[]) => LayerError;
  code: string;
  statusCode: number;
  /** What each database tells about the constraint: PostgreSQL tells more. */
  details: Record<DialectName, ConstraintDetails>;
  /** Values the write bound, which must not show in the message. */
  values: unknown[];
}

const SHOP = 1;
const GHOST_SHOP = 4040;

const duplicateShop = {
  sqlite: { table: 'shops', columns: ['name'] },
  postgres: { table: 'shops', columns: ['name'], constraint: 'shops_name_unique' },
};
const duplicateProduct = {
  sqlite: { table: 'products', columns: ['shop_id', 'name'] },
  postgres: {
    table: 'products',
    columns: ['shop_id', 'name'],
    constraint: 'products_shop_id_name_unique',
  },
};
const missingShop = {
  sqlite: { table: 'products' },
  postgres: { table: 'products', columns: ['shop_id'], constraint: 'products_shop_id_foreign' },
};
const missingName = {
  sqlite: { table: 'products', columns: ['name'] },
  postgres: { table: 'products', columns: ['name'] },
};
const negativePrice = {
  sqlite: { table: 'products', constraint: 'products_price_not_negative' },
  postgres: { table: 'products', constraint: 'products_price_not_negative' },
};

const unique = { errorClass: UniqueViolationError, code: 'UNIQUE_VIOLATION', statusCode: 409 };
const foreignKey = {
  errorClass: ForeignKeyViolationError,
  code: 'FOREIGN_KEY_VIOLATION',
  statusCode: 409,
};
const notNull = { errorClass: NotNullViolationError, code: 'NOT_NULL_VIOLATION', statusCode: 400 };
const check = { errorClass: CheckViolationError, code: 'CHECK_VIOLATION', statusCode: 400 };

const CASES: ConstraintCase[] = [
  {
    title: 'a second shop with the same name',
    write: () => Shop.query().insert({ name: 'Green Grocer' }),
    ...unique,
    details: duplicateShop,
    values: ['Green Grocer'],
  },
  {
    title: 'a second product with the same name in the same shop (composite key)',
    write: () => Product.query().insert({ shop_id: SHOP, name: 'Rice', price: 9.99 }),
    ...unique,
    details: duplicateProduct,
    values: ['Rice', '9.99'],
  },
  {
    title: 'a duplicate whose value looks like a key list',
    write: () => Product.query().insert({ shop_id: SHOP, name: 'Oats)=(7, Oats', price: 1 }),
    ...unique,
    details: duplicateProduct,
    values: ['Oats'],
  },
  {
    title: 'a product inserted for a shop that does not exist',
    write: () => Product.query().insert({ shop_id: GHOST_SHOP, name: 'Ghost', price: 1 }),
    ...foreignKey,
    details: missingShop,
    values: [GHOST_SHOP, 'Ghost'],
  },
  {
    title: 'a product moved to a shop that does not exist',
    write: () => Product.query().patch({ shop_id: GHOST_SHOP }).where('name', 'Rice'),
    ...foreignKey,
    details: missingShop,
    values: [GHOST_SHOP, 'Rice'],
  },
  {
    title: 'a product without a name, its validation skipped',
    write: () =>
      Product.query().insert(
        Product.fromJson({ shop_id: SHOP, price: 4.75 }, { skipValidation: true }),
      ),
    ...notNull,
    details: missingName,
    values: ['4.75'],
  },
  {
    title: 'a raw insert of a product without a name',
    write: (knex) => knex('products').insert({ shop_id: SHOP, name: null, price: 4.75 }),
    ...notNull,
    details: missingName,
    values: ['4.75'],
  },
  {
    title: 'a raw insert of a negative price',
    write: (knex) => knex('products').insert({ shop_id: SHOP, name: 'Raw', price: -5.25 }),
    ...check,
    details: negativePrice,
    values: ['-5.25', 'Raw'],
  },
  {
    title: 'a raw insert of an order item with no quantity',
    write: (knex) =>
      knex('order_items').insert({ order_id: 1, product_id: 1, quantity: 0, unit_price: 2.5 }),
    ...check,
    details: {
      sqlite: { table: 'order_items', constraint: 'order_items_quantity_positive' },
      postgres: { table: 'order_items', constraint: 'order_items_quantity_positive' },
    },
    values: ['2.5'],
  },
  {
    title: 'a raw insert of a duplicate shop name',
    write: (knex) => knex('shops').insert({ name: 'Green Grocer' }),
    ...unique,
    details: duplicateShop,
    values: ['Green Grocer'],
  },
  {
    title: 'a raw insert of a product for a shop that does not exist',
    write: (knex) => knex('products').insert({ shop_id: GHOST_SHOP, name: 'Ghost', price: 1 }),
    ...foreignKey,
    details: missingShop,
    values: [GHOST_SHOP, 'Ghost'],
  },
];

function detailsOf(error: unknown): ConstraintDetails {
  const { table, columns, constraint } = error as ConstraintDetails;
  return Object.fromEntries(
    Object.entries({ table, columns, constraint }).filter(([, value]) => value !== undefined),
  );
}

// The database refuses the write; the layer says which rule, in the same terms on every dialect.
describeEachDialect('Errors | constraint violations', (db) => {
  let before: Record<string, unknown[]>;

  beforeEach(async () => {
    await Shop.query().insertGraph({
      name: 'Green Grocer',
      products: [
        { name: 'Rice', price: 2.5 },
        { name: 'Oats)=(7, Oats', price: 1.5 },
      ],
    });
    await Order.query().insert({ order_number: 'ORD-1' });
    before = await snapshotDatabase(db.knex);
  });

  /** Runs a write that must fail, proves nothing changed, and returns the translated error. */
  async function refusal(write: (knex: Knex) => PromiseLike<unknown>): Promise<unknown> {
    try {
      await write(db.knex);
    } catch (error) {
      expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
      return translateError(error);
    }
    throw new Error('the write was expected to fail');
  }

  for (const c of CASES) {
    it(`refuses ${c.title} with ${c.code} ${c.statusCode}`, async () => {
      const error = await refusal(c.write);

      expect(error).to.be.instanceOf(c.errorClass);
      expect(error).to.include({ code: c.code, statusCode: c.statusCode });
      expect(detailsOf(error)).to.deep.equal(c.details[db.dialect.name]);
      expectCleanMessage(error, c.values);
    });
  }

  it('keeps the driver error, with its SQL and codes, as the cause', async () => {
    const error = (await refusal(() => Shop.query().insert({ name: 'Green Grocer' }))) as Error;

    // Objection wraps the driver's error in a db-errors DBError when db-errors knows its shape;
    // it does not know better-sqlite3's (no numeric errno), whose error is the cause itself.
    const cause = error.cause as Error & { nativeError?: Error };
    const driverError = db.dialect.driver === 'better-sqlite3' ? cause : cause.nativeError;
    expect(driverError).to.be.instanceOf(Error);
    expect(driverError!.message).to.match(/insert into/);
    if (db.dialect.name === 'postgres') {
      expect(driverError!.message).to.match(/duplicate key value/);
      expect(driverError).to.include({ code: '23505' });
    } else if (db.dialect.driver === 'better-sqlite3') {
      // better-sqlite3 sets SQLite's extended result code, and the message has no code in it.
      expect(driverError!.message).to.match(/ - UNIQUE constraint failed: shops\.name$/);
      expect(driverError).to.include({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    } else {
      expect(driverError!.message).to.match(/SQLITE_CONSTRAINT: UNIQUE constraint failed/);
      expect(driverError).to.include({ code: 'SQLITE_CONSTRAINT' });
    }
  });

  it('gives a raw knex write the same error as the model write', async () => {
    const fromModel = await refusal(() =>
      Product.query().insert({ shop_id: GHOST_SHOP, name: 'Ghost', price: 1 }),
    );
    const fromKnex = await refusal((knex) =>
      knex('products').insert({ shop_id: GHOST_SHOP, name: 'Ghost', price: 1 }),
    );

    expect(fromKnex).to.be.instanceOf(ForeignKeyViolationError);
    expect(fromKnex).to.deep.include({
      code: (fromModel as LayerError).code,
      message: (fromModel as LayerError).message,
    });
    expect(detailsOf(fromKnex)).to.deep.equal(detailsOf(fromModel));
    expect((fromKnex as Error).cause).to.be.instanceOf(Error);
  });

  it('passes a database error it does not know through unchanged', async () => {
    const error = await db
      .knex('no_such_table')
      .select()
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(Error);
    expect(translateError(error)).to.equal(error);
  });

  it('passes anything that is not a database error through unchanged', () => {
    const error = new TypeError('not a database error');

    expect(translateError(error)).to.equal(error);
    expect(translateError('a string')).to.equal('a string');
    expect(translateError(undefined)).to.equal(undefined);
  });
});
