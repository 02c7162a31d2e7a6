import type { Model } from 'objection';

/**
 * The relation properties of a model: those its class declares with a model or a list of
 * models as type (`declare products?: Product[]`), so they come from the model's own
 * declarations and are never declared twice.
 *
 * @example
 * type UserRelations = RelationName<User>; // 'posts' | 'profile'
 */
export type RelationName<M> = {
  [K in keyof M]-?: K extends `$${string}`
    ? never
    : NonNullable<M[K]> extends Model | readonly Model[]
      ? K
      : never;
}[keyof M] &
  string;

/**
 * The model at the other end of relation `K` of `M`.
 *
 * @example
 * type P = RelatedModel<Shop, 'products'>; // Product
 */
export type RelatedModel<M, K extends keyof M> =
  NonNullable<M[K]> extends ReadonlyArray<infer T> ? T : NonNullable<M[K]>;

/**
 * Which relations to load, as a tree: `true` loads a relation, an object loads it and the
 * relations named inside it. `{ products: { orders: true } }` loads each shop's products and
 * each product's orders. Inside an object, `$modify` names modifiers (the query's `modifiers()`
 * or the model's) that filter or order that relation's rows:
 * `{ products: { $modify: ['byName'] } }`.
 *
 * @example
 * const tree: GraphSpec<User> = { profile: true, posts: { tags: true } };
 */
export type GraphSpec<M> = {
  [K in RelationName<M>]?: true | GraphNode<RelatedModel<M, K>>;
};

/**
 * One relation loaded with options: what to load inside it, and its modifiers.
 *
 * @example
 * const products: GraphNode<Product> = { $modify: ['byName'], orders: true };
 */
export type GraphNode<M> = GraphSpec<M> & { $modify?: readonly string[] };

/**
 * Maps every key of `S` that is not a relation of `M`, at any depth, to `never`, so that a
 * parameter typed `S & OnlyRelations<M, S>` refuses unknown names that `S extends GraphSpec<M>`
 * alone lets through next to known ones.
 *
 * @example
 * type Bad = OnlyRelations<Shop, { products: true; owner: true }>; // { products: true; owner: never }
 */
export type OnlyRelations<M, S> = {
  [K in keyof S]: K extends RelationName<M> ? OnlyNodeKeys<RelatedModel<M, K>, S[K]> : never;
};

type OnlyNodeKeys<M, S> = S extends true
  ? true
  : {
      [K in keyof S]: K extends '$modify'
        ? S[K]
        : K extends RelationName<M>
          ? OnlyNodeKeys<RelatedModel<M, K>, S[K]>
          : never;
    };

/**
 * `M` with none of its relations loaded: the model's own optional relation properties are left
 * out of the type, so reading one does not compile, as at runtime it throws
 * `RelationNotLoadedError`.
 *
 * @example
 * declare const product: WithoutRelations<Product>;
 * product.name; // string
 * product.shop; // does not compile
 */
export type WithoutRelations<M> = [RelationName<M>] extends [never] ? M : Omit<M, RelationName<M>>;

// Distributes over a union of targets (a morphTo's `Post | Product`), so that each target keeps
// its own columns rather than only those the targets share.
type LoadedTarget<T, S> = T extends unknown
  ? S extends true
    ? WithoutRelations<T>
    : Loaded<T, S>
  : never;

type LoadedRelation<M, K extends keyof M, S> =
  NonNullable<M[K]> extends ReadonlyArray<infer T>
    ? Array<LoadedTarget<T, S>>
    : LoadedTarget<NonNullable<M[K]>, S> | null;

/**
 * `M` with the relations `S` names loaded: required, with their exact types (a list of the
 * related model, or the related model or `null` for BelongsToOne and HasOne), loaded in turn
 * as `S` says. The relations `S` does not name are left out (`WithoutRelations`).
 *
 * The loaded relations replace the model's optional ones rather than intersect them: with
 * `Shop & { products: X[] }`, `shop.products` would be `Product[] & X[]`, whose `map` and
 * `find` see plain `Product`s.
 *
 * @example
 * declare const shop: Loaded<Shop, { products: { orders: true } }>;
 * shop.products[0]?.orders; // Array<WithoutRelations<Order>>
 * shop.products[0]?.shop;   // does not compile: not loaded
 */
export type Loaded<M, S> = WithoutRelations<M> & {
  [K in keyof S & RelationName<M>]: LoadedRelation<M, K, S[K]>;
};

/**
 * A query result `R` over `M` with every `M` in it loaded as `S` says: a list stays a list,
 * one row stays one row, and `undefined` (no row) stays `undefined`.
 *
 * @example
 * type One = WithLoaded<Shop | undefined, Shop, { products: true }>; // Loaded<…> | undefined
 */
export type WithLoaded<R, M, S> = R extends readonly M[]
  ? Array<Loaded<M, S>>
  : R extends M
    ? Loaded<M, S>
    : R;

/**
 * Loads the relations `spec` names onto models already in memory, one query per relation
 * level, like `$fetchGraph`, and types the result with them loaded.
 *
 * @example
 * const shop = await Shop.query().insert({ name: 'Corner Bakery' });
 * const loaded = await fetchGraph(shop, { products: true });
 * loaded.products; // Product[]
 */
export async function fetchGraph<M extends Model, const S extends GraphSpec<M>>(
  model: M,
  spec: S & OnlyRelations<M, S>,
): Promise<Loaded<M, S>>;
export async function fetchGraph<M extends Model, const S extends GraphSpec<M>>(
  models: M[],
  spec: S & OnlyRelations<M, S>,
): Promise<Array<Loaded<M, S>>>;
export async function fetchGraph<M extends Model>(models: M | M[], spec: object): Promise<unknown> {
  const list = Array.isArray(models) ? models : [models];
  const [first] = list;
  if (first) await (first.constructor as typeof Model).fetchGraph(list, spec);
  return models;
}
