import { AsyncLocalStorage } from 'node:async_hooks';

// Objection reads relation properties of its own accord (to walk a graph, to see what an upsert
// was given) and takes `undefined` to mean "not given". While it works, unloaded relations must
// read as `undefined` rather than throw; an async context keeps that permission inside the
// work Objection does, so the caller's own reads, even concurrent ones, stay strict.
const objectionAtWork = new AsyncLocalStorage<true>();

/**
 * Runs `fn`, and everything it starts asynchronously, with unloaded relations reading as
 * `undefined`. For wrapping Objection's own entry points; application code has `$isLoaded`.
 *
 * @example
 * return allowUnloadedReads(() => super.execute());
 */
export function allowUnloadedReads<T>(fn: () => T): T {
  return areUnloadedReadsAllowed() ? fn() : objectionAtWork.run(true, fn);
}

/**
 * Whether the current code runs inside `allowUnloadedReads`.
 *
 * @example
 * allowUnloadedReads(() => areUnloadedReadsAllowed()); // true
 */
export function areUnloadedReadsAllowed(): boolean {
  return objectionAtWork.getStore() === true;
}
