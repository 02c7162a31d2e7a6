import type { AnyQueryBuilder } from 'objection';

// Deletes whose policies the layer has already applied: a prepared root delete, and the level
// deletes of a cascade (their dependents are handled by the walk that issued them).
const walked = new WeakSet<AnyQueryBuilder>();

/** Marks `builder` as a delete the policy walk must not run again for. */
export function markWalked<B extends AnyQueryBuilder>(builder: B): B {
  walked.add(builder);
  return builder;
}

/** Whether `builder` is a delete whose policies still have to be applied. */
export function needsDeletePolicies(builder: AnyQueryBuilder): boolean {
  return builder.isDelete() && !walked.has(builder);
}
