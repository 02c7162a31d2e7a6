import type { Model, QueryBuilder, UpsertGraphOptions } from 'objection';
import { UnsupportedQueryError } from '../../errors';
import { GRAPH_WRITE_METHODS, wrapGraphWrites } from '../graph-write-methods';

// Every option Objection's graph writes read (its GraphOptions); it ignores any other.
const GRAPH_OPTIONS = new Set([
  'relate',
  'unrelate',
  'insertMissing',
  'update',
  'noInsert',
  'noUpdate',
  'noDelete',
  'noRelate',
  'noUnrelate',
  'allowRefs',
  'fetchStrategy',
]);

// Objection hands its own options object, not a plain one, to the upserts it nests.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Refuses the options of a graph write that Objection would ignore without a word: a misspelled
 * `noDelete` (`noDelet: true`) lets the upsert delete every child the graph leaves out, and a
 * misspelled `relate` inserts the rows it was to relate as new ones (the maintained fork warns of
 * them from 3.4.0 on, ditojs/objection#84).
 *
 * @example
 * refuseUnknownGraphOptions('upsertGraph', { noDelet: true }); // UnsupportedQueryError
 */
export function refuseUnknownGraphOptions(method: string, options: unknown): void {
  if (!isPlainObject(options)) return;
  const unknown = Object.keys(options).filter((name) => !GRAPH_OPTIONS.has(name));
  if (unknown.length === 0) return;
  throw new UnsupportedQueryError(
    `${method}() has no option ${unknown.map((name) => `"${name}"`).join(', ')}, and Objection ` +
      `would ignore it; its options are ${[...GRAPH_OPTIONS].join(', ')}`,
  );
}

/**
 * Wraps the graph writes of `prototype` so that an unknown option rejects the query before it
 * sends anything (`refuseUnknownGraphOptions`).
 *
 * @example
 * useKnownGraphOptionsOnly(LayerQueryBuilder.prototype);
 */
export function useKnownGraphOptionsOnly(prototype: QueryBuilder<Model>): void {
  wrapGraphWrites(
    prototype,
    GRAPH_WRITE_METHODS,
    (original, method) =>
      function (this: QueryBuilder<Model>, graph: unknown, options?: UpsertGraphOptions) {
        // In runBefore, so that the refusal rejects the query's promise rather than throwing here.
        return original
          .call(this, graph, options)
          .runBefore(() => refuseUnknownGraphOptions(method, options));
      },
  );
}
