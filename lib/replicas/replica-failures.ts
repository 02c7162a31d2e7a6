import type { ReplicationPositions } from '../database/dialect';
import { transientFailureOf } from '../error-translation';

const rerunnable = new WeakSet<object>();

/**
 * What a replica's failure of a statement means: `down`, the replica is unreachable or went
 * away (out of rotation, and the read runs again on the primary); `rerun`, the replica could not
 * answer this read (a conflict with its replay, SQL it cannot run) and the primary may;
 * `undefined`, the statement's own failure, which the primary would repeat.
 */
export function replicaFailureOf(
  replication: ReplicationPositions,
  error: unknown,
): 'down' | 'rerun' | undefined {
  const own = replication.statementFailureOf(error);
  if (own === 'canceled') return undefined;
  if (own === 'read-only') return 'rerun';
  const failure = transientFailureOf(error);
  if (failure === 'unavailable') return 'down';
  return failure === 'conflict' ? 'rerun' : undefined;
}

/** Marks an error a replica gave a read as one the primary should be asked instead. */
export function markRerunOnPrimary(error: unknown): void {
  if (typeof error === 'object' && error !== null) rerunnable.add(error);
}

/**
 * Whether `error` (or an error it was caused by) is a replica's failure that the primary may not
 * meet: a read-only unit of work that failed so runs again, then on the primary.
 */
export function isRerunOnPrimary(error: unknown): boolean {
  for (let current = error, depth = 0; depth < 5; depth += 1) {
    if (typeof current !== 'object' || current === null) return false;
    if (rerunnable.has(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
