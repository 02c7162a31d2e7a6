import { type Model, type Page, QueryBuilder } from 'objection';
import { translateError } from './error-translation';
import { useSetBasedGraphInserts } from './graph/batch-insert';
import { validateJoinExtras } from './graph/validate-join-extras';
import { isPlainFind, runPlainFind } from './read/plain-find';

// Writes that may run several statements; each must succeed or fail as a whole.
const MULTI_STATEMENT_WRITES = /^(insertGraph|upsertGraph)/;

/**
 * The query builder every layer model uses. It keeps Objection's whole API and adds the layer's
 * behaviour on top:
 * - a graph write (`insertGraph`, `upsertGraph`) runs in one transaction, the caller's or one it
 *   opens, so a failing node leaves the database exactly as it was, and the join-table extras of
 *   related nodes are validated like any other input;
 * - every failure surfaces as one of the typed errors in `lib/errors.ts`, whatever the dialect;
 * - `insertGraph` writes set by set (`graph/batch-insert.ts`), and a plain read skips Objection's
 *   execution pipeline (`read/plain-find.ts`).
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
    try {
      if (this.has(MULTI_STATEMENT_WRITES) && !this.knex().isTransaction) {
        return await this.knex().transaction((trx) => {
          this.transacting(trx);
          return super.execute();
        });
      }
      if (isPlainFind(this)) return (await runPlainFind(this)) as R;
      return await super.execute();
    } catch (error) {
      throw translateError(error);
    }
  }
}

// Objection's typings declare the graph writes as properties, which a subclass cannot override
// as methods; wrapping them on the prototype keeps their typed overloads intact.
for (const method of [
  'insertGraph',
  'insertGraphAndFetch',
  'upsertGraph',
  'upsertGraphAndFetch',
] as const) {
  const original = QueryBuilder.prototype[method] as (
    this: QueryBuilder<Model>,
    ...args: unknown[]
  ) => QueryBuilder<Model>;
  Object.defineProperty(LayerQueryBuilder.prototype, method, {
    configurable: true,
    writable: true,
    value(this: QueryBuilder<Model>, graph: unknown, ...rest: unknown[]) {
      // In runBefore, so that invalid input rejects the query's promise instead of throwing here.
      return original
        .call(this, graph, ...rest)
        .runBefore((result, builder) => validateJoinExtras(builder.modelClass(), graph));
    },
  });
}

useSetBasedGraphInserts(LayerQueryBuilder.prototype);
