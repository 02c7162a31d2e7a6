/**
 * The read fast paths, each of which the benchmark turns off to measure what it saves against
 * Objection's pipeline serving the same read (`bench/fast-paths.ts`). A fast path stays only
 * while it measurably pays for itself (docs/performance.md); nothing outside the benchmark turns
 * one off, so this module is internal and not exported from `lib/index.ts`.
 */
export type ReadFastPath = 'find-by-id' | 'compiled-find-by-id' | 'joined-read';

const turnedOff = new Set<ReadFastPath>();

/** Whether `path` may serve the reads it recognises (always, outside a measurement). */
export function isFastPathOn(path: ReadFastPath): boolean {
  return turnedOff.size === 0 || !turnedOff.has(path);
}

/**
 * Runs `work` with `paths` turned off, so that Objection's pipeline serves the reads they would have. The benchmark runs one contender at a time, so the switch is
 * never seen by a read that does not belong to `work`.
 *
 * @example
 * await withoutFastPaths(['find-by-id'], () => Product.query().findById(7)); // Objection serves it
 */
export async function withoutFastPaths<T>(
  paths: readonly ReadFastPath[],
  work: () => PromiseLike<T>,
): Promise<T> {
  for (const path of paths) turnedOff.add(path);
  try {
    return await work();
  } finally {
    for (const path of paths) turnedOff.delete(path);
  }
}
