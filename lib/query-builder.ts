import { type Model, type Page, QueryBuilder } from 'objection';
import { translateError } from './error-translation';

/**
 * The query builder every layer model uses. It keeps Objection's whole API and adds the layer's
 * behaviour on top; for now, that every failure surfaces as one of the typed errors in
 * `lib/errors.ts`, whatever the dialect.
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
      return await super.execute();
    } catch (error) {
      throw translateError(error);
    }
  }
}
