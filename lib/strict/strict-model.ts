import {
  type Constructor,
  Model,
  type ModelOptions,
  type QueryBuilderType,
  type RelatedQueryBuilder,
  type Relation,
  type TransactionOrKnex,
  type TraverserFunction,
} from 'objection';
import { InvalidRelationError } from '../errors';
import type { RelationName } from '../typed-graph';
import { checkOnFirstQuery, guardOnFirstInstance } from './first-use';
import { objectionEnsureModel } from '../objection/model-internals';
import { isRelationLoaded } from './relation-accessors';
import { allowUnloadedReads } from './unloaded-reads';

/**
 * The relations half of the base model: strict loading and checked inverses.
 *
 * - The first time a model is queried, it and every model it reaches through relations have
 *   their inverses checked (`InverseMismatchError`); its first instance guards its relations.
 * - Reading a relation that was never loaded throws `RelationNotLoadedError`; `$isLoaded` asks
 *   safely, and `toJSON` leaves unloaded relations out.
 * - Objection's own entry points that read relations (graph writes, `fromJson`, traversal,
 *   query execution in `LayerQueryBuilder`) see unloaded relations as `undefined`, as it expects.
 *
 * @example
 * const shop = await Shop.query().findById(1);
 * shop.$isLoaded('products'); // false
 * shop.products;              // throws RelationNotLoadedError
 */
export class StrictModel extends Model {
  /**
   * Whether reading a relation that was never loaded throws `RelationNotLoadedError`. Set it to
   * `false` on a model, or on a base class for all of its models, to read such a relation as
   * `undefined`, as Objection does: for a codebase moving from Objection, until its reads are
   * checked. `$isLoaded` answers either way.
   *
   * @example
   * class LegacyBase extends BaseModel {
   *   static override strictLoading = false;
   * }
   */
  static strictLoading = true;

  constructor() {
    super();
    guardOnFirstInstance(new.target);
  }

  static override query<M extends Model>(
    this: Constructor<M>,
    trxOrKnex?: TransactionOrKnex,
  ): QueryBuilderType<M> {
    // eslint-disable-next-line no-restricted-syntax -- `this` is typed as the instance constructor
    checkOnFirstQuery(this as unknown as typeof Model);
    return super.query(trxOrKnex);
  }

  /**
   * Objection's `$relatedQuery`, with an unknown relation name reported as the layer's
   * `InvalidRelationError` (a 400 where a request named it) rather than an untyped Error.
   *
   * @example
   * shop.$relatedQuery('products').where('name', 'Rice');
   */
  override $relatedQuery<K extends keyof this>(
    relationName: K,
    trxOrKnex?: TransactionOrKnex,
  ): RelatedQueryBuilder<this[K]>;
  override $relatedQuery<RM extends Model>(
    relationName: string,
    trxOrKnex?: TransactionOrKnex,
  ): QueryBuilderType<RM>;
  override $relatedQuery(relationName: string, trxOrKnex?: TransactionOrKnex): unknown {
    const modelClass = this.constructor as typeof Model;
    if (!(relationName in modelClass.getRelations())) {
      throw new InvalidRelationError(`${modelClass.name} has no relation "${relationName}"`);
    }
    return super.$relatedQuery(relationName, trxOrKnex);
  }

  /**
   * Whether `relation` was loaded on this instance (by a graph fetch, a graph write, `fromJson`
   * or an assignment), so that reading it does not throw. Narrows the type accordingly.
   *
   * @example
   * if (user.$isLoaded('profile')) console.log(user.profile?.bio);
   */
  $isLoaded<K extends RelationName<this>>(
    relation: K,
  ): this is this & { [P in K]-?: Exclude<this[P], undefined> } {
    const modelClass = this.constructor as typeof Model;
    if (!(relation in modelClass.getRelations())) {
      throw new InvalidRelationError(`${modelClass.name} has no relation "${relation}"`);
    }
    return isRelationLoaded(this, relation);
  }

  // Objection's entry points that read relations outside a query: fromJson, ensureModel (graph
  // writes turn their input into models when they are built), $appendRelated and traversal.
  override $setJson(json: object, options?: ModelOptions): this {
    return allowUnloadedReads(() => super.$setJson(json, options));
  }

  override $appendRelated<RM extends Model>(
    relation: string | Relation,
    related: RM | RM[] | null | undefined,
  ): this {
    return allowUnloadedReads(() => super.$appendRelated(relation, related));
  }

  static ensureModel(...args: unknown[]): unknown {
    return allowUnloadedReads(() => objectionEnsureModel.apply(this, args));
  }

  static override traverse(models: Model | Model[], traverser: TraverserFunction): void;
  static override traverse(
    filterConstructor: typeof Model,
    models: Model | Model[],
    traverser: TraverserFunction,
  ): void;
  static override traverse(...args: unknown[]): void {
    allowUnloadedReads(() => Reflect.apply(Model.traverse, this, args));
  }

  static override traverseAsync(
    models: Model | Model[],
    traverser: TraverserFunction,
  ): Promise<void>;
  static override traverseAsync(
    filterConstructor: typeof Model,
    models: Model | Model[],
    traverser: TraverserFunction,
  ): Promise<void>;
  static override traverseAsync(...args: unknown[]): Promise<void> {
    return allowUnloadedReads(() => Reflect.apply(Model.traverseAsync, this, args));
  }
}
