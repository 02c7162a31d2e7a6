import type { Knex } from 'knex';
import { type Model, type Page, QueryBuilder, type UpsertGraphOptions } from 'objection';
import { needsPolicyWalk, withDeletePolicies } from './delete/delete-with-policies';
import { translateError } from './error-translation';
import { refuseUnallowedRelations } from './graph/allowed-relations';
import { preferSetBasedUpsert } from './graph/upsert/set-based-upsert';
import { refuseRewritingLinkedTargets } from './graph/linked-targets';
import { refuseMorphWrites } from './graph/morph-writes';
import { validateJoinExtras } from './graph/validate-join-extras';
import { GRAPH_WRITE_METHODS, wrapGraphWrites } from './objection/graph-write-methods';
import { useBuildSteps } from './objection/build-steps';
import { writtenModelsOf } from './objection/query-internals';
import { fixQueryBeforeItBuilds, refuseMisplacedFor, useObjectionFixes } from './objection/fixes';
import { rememberOrigin } from './observe/query-origin';
import { allowUnloadedReads } from './strict/unloaded-reads';
import type { GraphSpec, OnlyRelations, WithLoaded } from './typed-graph';
import { useSetBasedGraphInserts } from './graph/batch-insert';
import { refuseReadOnlyRelations } from './graph/read-only-relations';
import { findByIdOf, runFindById } from './read/find-by-id';
import { isPlainFind } from './read/plain-find';
import { isFastPathOn } from './read/fast-path-switch';
import { saveModelState } from './retry/model-state';
import { type RetryPolicy, retryPolicyOf } from './retry/retry-policy';
import { unitOfWork, withRetry } from './retry/unit-of-work';
import { restoreRows } from './soft-delete/restore';
import { softDeleteOf } from './soft-delete/soft-delete';
import { markHardDelete, readDeletedRows } from './soft-delete/soft-delete-scope';
import { keepVersionOfUpdate } from './versions/versioned-update';

// Writes that may run several statements; each must succeed or fail as a whole.
const MULTI_STATEMENT_WRITES = /^(insertGraph|upsertGraph)/;

// A write followed by a read of what it wrote: two statements outside a transaction, so the
// write may have happened when the read fails; never run again.
const WRITE_THEN_READ = /AndFetch/;

/**
 * The query builder every layer model uses. It keeps Objection's whole API and adds the layer's
 * behaviour on top:
 * - a graph write (`insertGraph`, `upsertGraph`) runs in one transaction, the caller's or one it
 *   opens, so a failing node leaves the database exactly as it was, and the join-table extras of
 *   related nodes are validated like any other input; it stays inside its roots: a linked
 *   many-to-many target is never rewritten (`refuseRewritingLinkedTargets`), a child named by id
 *   must be one of its parent's, and a related id must exist (`ChildNotFoundError`);
 * - a delete applies the delete policies declared on the relations and runs the delete hooks, in
 *   one transaction too (see `withDeletePolicies`);
 * - a graph upsert removes the children missing from the graph through their relation's delete
 *   policy (see `missingChildrenRemoval`), and names the relations `allowGraph` refuses;
 * - a graph upsert locks its roots' rows first, so that concurrent writes of one root run one
 *   after the other, and runs set-based, with a statement count that grows with the graph's
 *   relation levels rather than its rows, whenever it can (see `preferSetBasedUpsert`);
 * - a unit of work it owns (a graph write or a delete, in the transaction it opens; a single
 *   statement outside any transaction) runs again after a deadlock, a serialization failure or
 *   a busy database (see `withRetry`, and the model's `retryPolicy`); a query in a caller's
 *   transaction is never retried, its transient failure comes out typed at once;
 * - an update of a model with a version column sets the version one higher, and one that names
 *   a version the row no longer has writes nothing and fails with `StaleVersionError` (see
 *   `keepVersionOfUpdate`);
 * - every failure surfaces as one of the typed errors in `lib/errors.ts`, whatever the dialect;
 * - every statement it sends names its model and relation to `recordQueries`.
 * - `insertGraph` writes set by set (`graph/batch-insert.ts`), and a bare `findById` skips
 *   Objection's execution pipeline (`read/find-by-id.ts`); other reads, eager loading included,
 *   run through it (the layer's own paths for them saved less than 15 % CPU:
 *   docs/performance.md);
 * - the data-loss and injection bugs of Objection 3.1.5 that the README lists are fixed
 *   (`objection/fixes/`): a relation query's owner condition holds around its `orWhere`s, a
 *   `for()` Objection would ignore is refused, and the rest.
 *
 * @example
 * class Shop extends BaseModel {} // BaseModel's queries are LayerQueryBuilders
 * const shops = await Shop.query().withGraph({ products: true }); // Array<Shop & { products: Product[] }>
 */
export class LayerQueryBuilder<M extends Model, R = M[]> extends QueryBuilder<M, R> {
  // Objection's recipe for a typed custom builder: these tell its typings which builder type
  // each query shape returns, so chained calls keep this class.
  declare ArrayQueryBuilderType: LayerQueryBuilder<M, M[]>;
  declare SingleQueryBuilderType: LayerQueryBuilder<M, M>;
  declare MaybeSingleQueryBuilderType: LayerQueryBuilder<M, M | undefined>;
  declare NumberQueryBuilderType: LayerQueryBuilder<M, number>;
  declare PageQueryBuilderType: LayerQueryBuilder<M, Page<M>>;

  override async execute(): Promise<R> {
    const knex = this.knex();
    try {
      // Before anything is sent, the BEGIN of a delete's transaction included.
      refuseMisplacedFor(this);
      keepVersionOfUpdate(this);
      if (knex.isTransaction) return await this.executeOnce();
      const policy = retryPolicyOf(this.modelClass());
      // A bare findById is one statement, and the most frequent query: it is recognised first.
      const id = this.bareFindById();
      if (id !== undefined)
        return await withRetry(() => runFindById(this, id) as Promise<R>, policy);
      if (this.has(MULTI_STATEMENT_WRITES))
        return await this.executeInTransactionOfItsOwn(knex, policy);
      // A delete that walks policies runs as a unit of work of its own, opened after Objection's
      // before-hooks and retried there (see `withDeletePolicies`).
      if (this.has(WRITE_THEN_READ) || needsPolicyWalk(this)) return await this.executeOnce();
      return await withRetry(() => this.executeOnce(), policy);
    } catch (error) {
      throw translateError(error);
    }
  }

  /** A write of several statements outside any transaction: one unit of work, retried. */
  private executeInTransactionOfItsOwn(knex: Knex, policy: RetryPolicy): Promise<R> {
    // The models the write changes (ids, foreign keys, timestamps) go back to how the caller
    // gave them before the transaction runs again.
    const beforeRetry = policy.attempts > 1 ? saveModelState(writtenModelsOf(this)) : undefined;
    const work = (trx: Knex.Transaction) => {
      this.transacting(trx);
      return allowUnloadedReads(() => this.executeWrite());
    };
    return unitOfWork(knex, work, { retry: policy, beforeRetry });
  }

  /** One run of the query as it is: one statement, a read, or part of a transaction. */
  private async executeOnce(): Promise<R> {
    const id = this.bareFindById();
    if (id !== undefined) return (await runFindById(this, id)) as R;
    return await allowUnloadedReads(() => this.executeWrite());
  }

  /** The id of `Model.query().findById(id)` and nothing else, which the layer reads itself. */
  private bareFindById(): string | number | undefined {
    if (!isFastPathOn('find-by-id') || !isPlainFind(this)) return undefined;
    return findByIdOf(this);
  }

  private executeWrite(): Promise<R> {
    return needsPolicyWalk(this) ? withDeletePolicies(this).execute() : super.execute();
  }

  /**
   * Reads soft-deleted rows too, of the query's model and of the relations it loads (eager
   * loading, joins). A model without soft delete reads every row anyway.
   *
   * @example
   * const all = await Customer.query().withDeleted().withGraphFetched('orders');
   */
  withDeleted(): this {
    return readDeletedRows(this, 'withDeleted');
  }

  /**
   * Reads only the soft-deleted rows of the query's model; the relations it loads show every
   * row, soft-deleted or not.
   *
   * @example
   * const binned = await Customer.query().onlyDeleted();
   */
  onlyDeleted(): this {
    return readDeletedRows(this, 'onlyDeleted');
  }

  /**
   * `delete()` that removes the rows even of a soft-deletable model, through the same delete
   * policies, hooks (`isSoft: false`) and audit: cascades remove the dependents, soft-deleted ones
   * included. It targets the rows the query reads: live ones, unless `withDeleted()` or
   * `onlyDeleted()` says otherwise.
   *
   * @example
   * await Customer.query().withDeleted().findById(1).hardDelete();
   */
  hardDelete() {
    return markHardDelete(this).delete();
  }

  /**
   * Removes, through `hardDelete()`, the rows of a soft-deletable model soft-deleted before
   * `before` (and what their policies reach). Resolves to how many it removed.
   *
   * @example
   * await Customer.query().purgeDeletedBefore(new Date(Date.now() - 30 * 86_400_000));
   */
  purgeDeletedBefore(before: Date) {
    const columns = softDeleteOf(this.modelClass());
    if (!columns) throw new Error(`${this.modelClass().name} is not soft-deletable`);
    const column = `${this.tableRefFor(this.modelClass())}.${columns.column}`;
    return this.onlyDeleted().where(column, '<', before.toISOString()).hardDelete();
  }

  /**
   * Un-deletes the soft-deleted rows this query selects and exactly what their soft deletes
   * cascaded to (see `restoreRows`); refuses with `ParentDeletedError` a row whose parent is
   * still deleted. Resolves to how many of the selected rows came back.
   *
   * @example
   * await Customer.query().findById(1).restore(); // 1
   * await customer.$query().restore();
   */
  restore(): Promise<number> {
    return restoreRows(this).catch((error: unknown) => {
      throw translateError(error);
    });
  }

  /**
   * `withGraphFetched` with types: the same one query per relation level, and a result whose
   * type has the relations `spec` names loaded (`Shop & { products: Product[] }`) and the others
   * left out. Call it after `first()`/`findById()`, which reset the result type.
   *
   * @example
   * const shops = await Shop.query().withGraph({ products: { orders: true } });
   * shops[0]?.products[0]?.orders; // Order[]
   */
  withGraph<const S extends GraphSpec<M>>(
    spec: S & OnlyRelations<M, S>,
  ): LayerQueryBuilder<M, WithLoaded<R, M, S>> {
    // Only the result type changes; the query is the very same withGraphFetched.
    // eslint-disable-next-line no-restricted-syntax -- a result type Objection's typings cannot express
    return this.withGraphFetched(spec) as unknown as LayerQueryBuilder<M, WithLoaded<R, M, S>>;
  }
}

// Every graph write refuses rewriting linked targets and bad join-table extras, in runBefore,
// so that invalid input rejects the query's promise instead of throwing here.
wrapGraphWrites(
  LayerQueryBuilder.prototype,
  GRAPH_WRITE_METHODS,
  (original) =>
    function (this: QueryBuilder<Model>, graph: unknown, options?: UpsertGraphOptions) {
      return original.call(this, graph, options).runBefore((result, builder) => {
        refuseReadOnlyRelations(builder.modelClass(), graph);
        refuseMorphWrites(builder.modelClass(), graph, options);
        refuseRewritingLinkedTargets(builder.modelClass(), graph);
        validateJoinExtras(builder.modelClass(), graph);
      });
    },
);

// An upsert removes missing children by the declared delete policies (see
// `preferSetBasedUpsert`), and names the relations `allowGraph` refuses.
wrapGraphWrites(
  LayerQueryBuilder.prototype,
  ['upsertGraph', 'upsertGraphAndFetch'],
  (withJoinExtras) =>
    function (this: QueryBuilder<Model>, graph: unknown, options?: UpsertGraphOptions) {
      return preferSetBasedUpsert(
        withJoinExtras
          .call(this, graph, options)
          .runBefore((result, builder) => refuseUnallowedRelations(builder, graph)),
      );
    },
);

// Whenever a query builds (executed, counted, as a subquery, by `toKnexQuery()`): the fixes of
// Objection's bugs that act on its operations run first, and every knex query it makes
// remembers its model and relation for the query recorder.
useBuildSteps(LayerQueryBuilder.prototype, {
  beforeOperationsBuild: fixQueryBeforeItBuilds,
  afterKnexQueryBuilt: rememberOrigin,
});
useSetBasedGraphInserts(LayerQueryBuilder.prototype);
useObjectionFixes(LayerQueryBuilder.prototype);
