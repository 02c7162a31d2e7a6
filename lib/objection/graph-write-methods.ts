import type { Model, QueryBuilder, UpsertGraphOptions } from 'objection';

/** Objection's four graph writes. */
export type GraphWriteMethod =
  'insertGraph' | 'insertGraphAndFetch' | 'upsertGraph' | 'upsertGraphAndFetch';

export const GRAPH_WRITE_METHODS: readonly GraphWriteMethod[] = [
  'insertGraph',
  'insertGraphAndFetch',
  'upsertGraph',
  'upsertGraphAndFetch',
];

/** A graph write as a builder method: the graph and the caller's options in, the builder out. */
export type GraphWriteCall = (
  this: QueryBuilder<Model>,
  graph: unknown,
  options?: UpsertGraphOptions,
) => QueryBuilder<Model>;

/**
 * Replaces each of `methods` on `prototype` by what `wrap` makes of the method it had. Objection's
 * typings declare the graph writes as properties, which a subclass cannot override as methods;
 * replacing them on the prototype keeps their typed overloads intact.
 *
 * @example
 * wrapGraphWrites(LayerQueryBuilder.prototype, GRAPH_WRITE_METHODS, (original) =>
 *   function (graph, options) {
 *     return original.call(this, graph, options).runBefore(() => check(graph));
 *   },
 * );
 */
export function wrapGraphWrites(
  prototype: QueryBuilder<Model>,
  methods: readonly GraphWriteMethod[],
  wrap: (original: GraphWriteCall, method: GraphWriteMethod) => GraphWriteCall,
): void {
  for (const method of methods) {
    const original = prototype[method] as unknown as GraphWriteCall;
    Object.defineProperty(prototype, method, {
      configurable: true,
      writable: true,
      value: wrap(original, method),
    });
  }
}
