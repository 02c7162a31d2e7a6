import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import {
  CheckViolationError,
  ConcurrentWriteConflictError,
  DatabaseBusyError,
  DeleteRestrictedError,
  HeadersTooLargeError,
  type ErrorCode,
  ForeignKeyViolationError,
  InvalidExtensionError,
  ReadOnlyRelationError,
  TreeCycleError,
  InvalidRelationError,
  InverseMismatchError,
  DatabaseUnavailableError,
  MalformedRequestError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  PreconditionFailedError,
  StaleVersionError,
  UnsupportedMediaTypeError,
  UnsupportedQueryError,
  LayerError,
  NotFoundError,
  NotNullViolationError,
  NPlusOneError,
  ReferencedByOtherTableError,
  RelationNotLoadedError,
  retryAfterOf,
  UniqueViolationError,
  UriTooLongError,
  ParentDeletedError,
  ValidationFailedError,
} from '../../lib';
import { expectCleanMessage } from './clean-message';

// One sample of every error, keyed by its code: the type checker fails if a code has none.
const SAMPLES = {
  VALIDATION_FAILED: new ValidationFailedError(
    [
      { path: 'name', message: 'must NOT have fewer than 1 characters' },
      { path: 'products[1].price', message: 'must be >= 0' },
    ],
    { model: 'Shop' },
  ),
  NOT_FOUND: new NotFoundError('Shop', 7),
  UNIQUE_VIOLATION: new UniqueViolationError({ table: 'products', columns: ['shop_id', 'name'] }),
  FOREIGN_KEY_VIOLATION: new ForeignKeyViolationError({ table: 'products', columns: ['shop_id'] }),
  NOT_NULL_VIOLATION: new NotNullViolationError({ table: 'products', columns: ['name'] }),
  CHECK_VIOLATION: new CheckViolationError({
    table: 'products',
    constraint: 'products_price_not_negative',
  }),
  DELETE_RESTRICTED: new DeleteRestrictedError('Product', 'orders', 2),
  PARENT_DELETED: new ParentDeletedError('Order', 'customer', 1),
  INVALID_RELATION: new InvalidRelationError('Unknown relation "nope" in the relation expression'),
  RELATION_NOT_LOADED: new RelationNotLoadedError('Shop', 'products'),
  N_PLUS_ONE_QUERIES: new NPlusOneError([
    { shape: 'select … in (?)', count: 20, model: 'Product', relation: 'Shop.products' },
  ]),
  INVERSE_MISMATCH: new InverseMismatchError(
    'Shop.products',
    'Product.shop',
    'Shop.products names Product.shop as its inverse, but Product.shop names Shop.items',
  ),
  MALFORMED_REQUEST: new MalformedRequestError('The body is not valid JSON'),
  UNSUPPORTED_MEDIA_TYPE: new UnsupportedMediaTypeError('text/plain'),
  PAYLOAD_TOO_LARGE: new PayloadTooLargeError(102400),
  METHOD_NOT_ALLOWED: new MethodNotAllowedError('PATCH', ['GET', 'POST']),
  URI_TOO_LONG: new UriTooLongError(),
  HEADERS_TOO_LARGE: new HeadersTooLargeError(),
  CONCURRENT_WRITE_CONFLICT: new ConcurrentWriteConflictError(4),
  STALE_VERSION: new StaleVersionError('Product', 3, 2),
  PRECONDITION_FAILED: new PreconditionFailedError('Product', 3),
  DATABASE_BUSY: new DatabaseBusyError(4),
  DATABASE_UNAVAILABLE: new DatabaseUnavailableError(),
  UNSUPPORTED_QUERY: new UnsupportedQueryError(
    "An insert of 2 Tag rows with onConflict() but no conflict columns cannot tell which rows the database inserted and which it ignored: name the columns of the conflict, as in onConflict('name')",
  ),
  REFERENCED_BY_OTHER_TABLE: new ReferencedByOtherTableError([
    { table: 'reviews', column: 'product_id', referencedTable: 'products', rows: 2 },
  ]),
  INVALID_EXTENSION: new InvalidExtensionError(
    'Product',
    ['reviews'],
    'Cannot add relations to Product: it is in use already, and its relations were read; add ' +
      'them where your models are declared, before the first query',
  ),
  READ_ONLY_RELATION: new ReadOnlyRelationError('Customer.purchasedProducts', 'insert'),
  TREE_CYCLE: new TreeCycleError('Category.descendants', [1, 2, 1]),
} satisfies Record<ErrorCode, LayerError>;

// The contract the HTTP layer relies on: a status per code, never to change silently.
const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  UNIQUE_VIOLATION: 409,
  FOREIGN_KEY_VIOLATION: 409,
  NOT_NULL_VIOLATION: 400,
  CHECK_VIOLATION: 400,
  DELETE_RESTRICTED: 409,
  PARENT_DELETED: 409,
  INVALID_RELATION: 400,
  RELATION_NOT_LOADED: 500,
  N_PLUS_ONE_QUERIES: 500,
  INVERSE_MISMATCH: 500,
  MALFORMED_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  METHOD_NOT_ALLOWED: 405,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  CONCURRENT_WRITE_CONFLICT: 409,
  STALE_VERSION: 409,
  PRECONDITION_FAILED: 412,
  DATABASE_BUSY: 503,
  DATABASE_UNAVAILABLE: 503,
  UNSUPPORTED_QUERY: 500,
  REFERENCED_BY_OTHER_TABLE: 409,
  INVALID_EXTENSION: 500,
  READ_ONLY_RELATION: 400,
  TREE_CYCLE: 500,
};

describe('Errors | the contract every error keeps', () => {
  for (const [code, error] of Object.entries(SAMPLES) as Array<[ErrorCode, LayerError]>) {
    it(`${error.name} has code ${code}, status ${STATUS[code]} and a clean message`, () => {
      expect(error).to.be.instanceOf(LayerError).and.instanceOf(Error);
      expect(error).to.include({ code, statusCode: STATUS[code], name: error.constructor.name });
      expectCleanMessage(error);
    });
  }

  it('says what is wrong in words a person can act on', () => {
    expect(
      Object.fromEntries(Object.entries(SAMPLES).map(([c, e]) => [c, e.message])),
    ).to.deep.equal({
      VALIDATION_FAILED:
        'Shop is invalid: name: must NOT have fewer than 1 characters; products[1].price: must be >= 0',
      NOT_FOUND: 'Shop 7 not found',
      UNIQUE_VIOLATION: 'Another row in products has the same shop_id and name',
      FOREIGN_KEY_VIOLATION:
        'A row of products would refer through shop_id to a row that does not exist',
      NOT_NULL_VIOLATION: 'A value is required for name in products',
      CHECK_VIOLATION: 'A value breaks the rule products_price_not_negative of products',
      DELETE_RESTRICTED: 'Cannot delete Product: 2 row(s) in its relation "orders" depend on it',
      PARENT_DELETED:
        'Cannot restore Order: 1 row(s) belong through "customer" to a row that is still ' +
        'deleted; restore that row first',
      INVALID_RELATION: 'Unknown relation "nope" in the relation expression',
      RELATION_NOT_LOADED:
        "Shop.products was not loaded: load it with withGraphFetched('products'), " +
        "$fetchGraph('products') or $relatedQuery('products') before reading it",
      N_PLUS_ONE_QUERIES:
        "N+1 queries: Shop.products was queried 20 times, once per parent: load it with withGraphFetched('products')",
      INVERSE_MISMATCH:
        'Shop.products names Product.shop as its inverse, but Product.shop names Shop.items',
      MALFORMED_REQUEST: 'The body is not valid JSON',
      UNSUPPORTED_MEDIA_TYPE: 'The body must be application/json, not text/plain',
      PAYLOAD_TOO_LARGE: 'The body is larger than the limit of 102400 bytes',
      METHOD_NOT_ALLOWED: 'PATCH is not supported here; use GET, POST',
      URI_TOO_LONG: 'The URL is longer than the server accepts',
      HEADERS_TOO_LARGE: 'The request headers are larger than the server accepts',
      CONCURRENT_WRITE_CONFLICT:
        'Another write changed the same rows at the same time (4 attempt(s)); nothing was written, try again',
      STALE_VERSION:
        'Product 3 is no longer at version 2: another write changed it; nothing was written, read it again',
      PRECONDITION_FAILED:
        'Product 3 does not match If-Match: it changed since it was read; nothing was written',
      DATABASE_BUSY: 'The database is busy with other writes (4 attempt(s)); try again',
      DATABASE_UNAVAILABLE: 'The database is unavailable',
      UNSUPPORTED_QUERY:
        'An insert of 2 Tag rows with onConflict() but no conflict columns cannot tell which ' +
        'rows the database inserted and which it ignored: name the columns of the conflict, as ' +
        "in onConflict('name')",
      REFERENCED_BY_OTHER_TABLE:
        "Refusing to empty tables that other tables' rows reference: reviews.product_id " +
        'references products in 2 row(s). Nothing was written; remove those rows (or their ' +
        'foreign keys) first',
      INVALID_EXTENSION:
        'Cannot add relations to Product: it is in use already, and its relations were read; ' +
        'add them where your models are declared, before the first query',
      READ_ONLY_RELATION:
        'Customer.purchasedProducts is read-only: insert through it is refused; write the rows ' +
        'through the relations it is made of',
      TREE_CYCLE:
        "Category.descendants found a cycle in the data: 1 -> 2 -> 1 leads back to itself; fix the rows' parent keys",
    });
  });

  it('still says something useful when the database names nothing', () => {
    expect(new UniqueViolationError({}).message).to.equal('Another row has the same unique value');
    expect(new ForeignKeyViolationError({}).message).to.equal(
      'A row would refer to a row that does not exist',
    );
    expect(new NotNullViolationError({ table: 'products' }).message).to.equal(
      'A required value is missing in products',
    );
    expect(new CheckViolationError({}).message).to.equal('A value breaks a rule');
  });

  it('keeps the original error as the cause', () => {
    const driverError = new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: shops.name');

    const error = new UniqueViolationError({ table: 'shops' }, { cause: driverError });

    expect(error.cause).to.equal(driverError);
  });

  it('carries the details an HTTP response shows', () => {
    expect(SAMPLES.VALIDATION_FAILED.errors).to.have.length(2);
    expect(SAMPLES.UNIQUE_VIOLATION).to.deep.include({
      table: 'products',
      columns: ['shop_id', 'name'],
    });
    expect(SAMPLES.DELETE_RESTRICTED).to.include({
      model: 'Product',
      relation: 'orders',
      dependentCount: 2,
    });
    expect(SAMPLES.RELATION_NOT_LOADED).to.include({ model: 'Shop', relation: 'products' });
    expect(SAMPLES.INVERSE_MISMATCH).to.include({
      relation: 'Shop.products',
      inverse: 'Product.shop',
    });
    expect(SAMPLES.N_PLUS_ONE_QUERIES.findings[0]).to.include({
      relation: 'Shop.products',
      count: 20,
    });
    expect(SAMPLES.CONCURRENT_WRITE_CONFLICT).to.include({ attempts: 4 });
    expect(SAMPLES.DATABASE_BUSY).to.include({ attempts: 4 });
    expect(SAMPLES.STALE_VERSION).to.include({ model: 'Product', id: 3, expectedVersion: 2 });
    expect(SAMPLES.PRECONDITION_FAILED).to.include({ model: 'Product', id: 3 });
  });

  it('says when to try again for the failures that pass, and only for those', () => {
    const retryAfter = Object.fromEntries(
      Object.entries(SAMPLES)
        .map(([code, error]) => [code, retryAfterOf(error)])
        .filter(([, seconds]) => seconds !== undefined),
    );

    expect(retryAfter).to.deep.equal({ DATABASE_BUSY: 1, DATABASE_UNAVAILABLE: 5 });
  });

  it('is listed in the README with its status, every code and no other', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) +\|/gm)];

    expect(
      Object.fromEntries(rows.map(([, code, status]) => [code, Number(status)])),
    ).to.deep.equal(STATUS);
  });
});
