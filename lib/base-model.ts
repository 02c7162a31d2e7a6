import addFormats from 'ajv-formats';
import {
  type AjvValidator,
  type Constructor,
  type Model,
  type ModelOptions,
  type Pojo,
  type QueryBuilderType,
  type QueryContext,
  type TransactionOrKnex,
  ValidationError as ObjectionValidationError,
  type CreateValidationErrorArgs,
} from 'objection';
import { isoTimestampOf } from './database/iso-timestamps';
import type { DeleteHook } from './delete/delete-hooks';
import { translateError } from './error-translation';
import { useConcurrency } from './objection/build-steps';
import { propsOf } from './objection/model-props';
import { LayerQueryBuilder } from './query-builder';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry/retry-policy';
import type { SoftDeleteColumns } from './soft-delete/soft-delete';
import { scopeSoftDeletes } from './soft-delete/soft-delete-scope';
import { StrictModel } from './strict/strict-model';
import { LayerAjvValidator } from './validation/layer-validator';
import { INITIAL_VERSION, versionOf } from './versions/version-column';

/**
 * The columns `BaseModel` reads as ISO-8601 strings whatever the database stored; the audit
 * trail's SQL (`Dialect.rowJson`) rewrites them the same way.
 */
export const ISO_TIMESTAMP_COLUMNS: readonly string[] = ['created_at', 'updated_at'];

let lastMillisecond = 0;
let lastTimestamp = '';

// A graph insert stamps thousands of rows within the same few milliseconds; printing the time
// once per millisecond instead of once per row gives the same strings.
function currentTimestamp(): string {
  const now = Date.now();
  if (now !== lastMillisecond) {
    lastMillisecond = now;
    lastTimestamp = new Date(now).toISOString();
  }
  return lastTimestamp;
}

/**
 * The base of every model: validation of input against `jsonSchema` (ajv, all errors at once,
 * and no string that a database would refuse or change: NUL characters, lone surrogates),
 * `created_at`/`updated_at` kept by the layer, timestamps read as ISO-8601 strings on every
 * dialect, the layer's query builder with its typed errors, strict loading and checked inverses
 * (`StrictModel`).
 *
 * The migrations own the database schema; a model's `jsonSchema` only validates input and must
 * agree with them (lengths, required columns, minimums).
 *
 * @example
 * export class Author extends BaseModel {
 *   static override tableName = 'authors';
 *   static override jsonSchema = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 100 } } };
 * }
 */
export class BaseModel extends StrictModel {
  declare QueryBuilderType: LayerQueryBuilder<this>;
  static override QueryBuilder = LayerQueryBuilder;

  /** Whether the table has `created_at`/`updated_at` columns kept by the layer. */
  static hasTimestamps = true;

  // Eager loading reads a relation level in one query per batch of parents. Objection caps a
  // batch at 999 parents on SQLite, the bound-parameter limit SQLite had before 3.32; SQLite
  // now allows 32,766 and PostgreSQL 65,535, so both take 10,000, Objection's PostgreSQL cap.
  static override defaultGraphOptions = { maxBatchSize: 10_000 };

  /**
   * How the units of work a query of this model owns are retried after a deadlock, a
   * serialization failure or a busy database: a graph write or a delete in the transaction the
   * layer opens, a single statement outside any transaction (see `withRetry`).
   */
  static retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY;

  /**
   * The integer column that counts this model's updates, for optimistic concurrency; none by
   * default. The layer owns it: an insert sets it to 1 (the migration's default too, `integer`,
   * not null), every update through the layer sets it one higher (graph upserts included), and
   * an update that names a version the row no longer has (an instance's loaded version, the one
   * a patch body or a graph node gives) writes nothing and fails with `StaleVersionError`. The
   * REST API derives its ETags from it.
   *
   * @example
   * static override versionColumn = 'version';
   */
  static versionColumn: string | null = null;

  /** Run for every row of this model a delete removes, cascades included; see `DeleteHook`. */
  static deleteHooks: readonly DeleteHook[] = [];

  /**
   * Declared on a soft-deletable model: its deletes set these columns instead of removing rows,
   * through the same delete policies, and every read leaves the soft-deleted rows out unless it
   * asks for them (`withDeleted()`, `onlyDeleted()`). See the README's "Soft delete".
   *
   * @example
   * class Customer extends BaseModel {
   *   static override softDelete = { column: 'deleted_at', deletionColumn: 'deletion_id' };
   * }
   */
  static softDelete: SoftDeleteColumns | undefined = undefined;

  // Every query made for a soft-deletable model leaves its soft-deleted rows out by default.
  static override query<M extends Model>(
    this: Constructor<M>,
    trxOrKnex?: TransactionOrKnex,
  ): QueryBuilderType<M> {
    const query = super.query(trxOrKnex);
    scopeSoftDeletes(query);
    return query;
  }

  declare created_at?: string;
  declare updated_at?: string;

  // Text no database can store as given (NUL characters, lone surrogates) is refused with the
  // schema's own errors, the same on every database.
  static override createValidator(): AjvValidator {
    return new LayerAjvValidator({
      onCreateAjv: (ajv) => addFormats(ajv),
      options: {
        allErrors: true,
        validateSchema: false,
        ownProperties: true,
        multipleOfPrecision: 9,
      },
    });
  }

  static override createValidationError(args: CreateValidationErrorArgs): Error {
    return translateError(new ObjectionValidationError({ ...args, modelClass: this })) as Error;
  }

  override $beforeInsert(context: QueryContext): void | Promise<void> {
    const modelClass = this.constructor as typeof BaseModel;
    if (modelClass.hasTimestamps) {
      const now = currentTimestamp();
      this.created_at = now;
      this.updated_at = now;
    }
    const version = versionOf(modelClass);
    // A new row starts at the first version, whatever the input said.
    if (version) propsOf(this)[version.prop] = INITIAL_VERSION;
    return super.$beforeInsert(context);
  }

  override $beforeUpdate(options: ModelOptions, context: QueryContext): void | Promise<void> {
    const modelClass = this.constructor as typeof BaseModel;
    if (modelClass.hasTimestamps) this.updated_at = currentTimestamp();
    return super.$beforeUpdate(options, context);
  }

  // Runs for every row read, hence plain property reads of the ISO_TIMESTAMP_COLUMNS (a loop over
  // the two names with `in` cost more than the rest of the parsing): a column the row lacks reads
  // `undefined`, left alone.
  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    const createdAt: unknown = parsed.created_at;
    if (createdAt !== undefined) parsed.created_at = isoTimestampOf(createdAt);
    const updatedAt: unknown = parsed.updated_at;
    if (updatedAt !== undefined) parsed.updated_at = isoTimestampOf(updatedAt);
    const softDelete = (this.constructor as typeof BaseModel).softDelete;
    const deletedAt: unknown = softDelete && parsed[softDelete.column];
    if (deletedAt) parsed[softDelete!.column] = isoTimestampOf(deletedAt);
    return parsed;
  }

  // Objection copies the parsed row onto the model key by key (`Object.keys`, then one
  // assignment each); `Object.assign` makes the same assignments, setters included, in one
  // native call, a third cheaper per row. Rows from the drivers have no symbol keys, the one
  // thing Object.assign would copy and Object.keys not.
  override $setDatabaseJson(json: object): this {
    const parsed = this.$parseDatabaseJson(json as Pojo);
    if (parsed) Object.assign(this, parsed);
    return this;
  }
}

// How many queries Objection runs at once: one inside a transaction, Objection's own otherwise.
// Graph writes run in one transaction, which is one connection, so concurrent statements gain
// nothing there, and with more than one, rows are inserted in a scrambled order and get
// unstable ids; outside a transaction eager loading keeps Objection's default, and its order.
useConcurrency(BaseModel, (knex, objections) => (knex?.isTransaction ? 1 : objections));
