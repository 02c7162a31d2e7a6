import type { Model, ModelClass, UpsertGraphOptions } from 'objection';
import { deletePolicyOf } from '../delete/delete-policies';
import { relationPathsOf } from './relation-paths';

/**
 * Objection's upsert options that make a graph upsert remove the children missing from each
 * relation it mentions the way that relation's declared delete policy says:
 * - `cascade`: Objection deletes them, through the layer's delete, which applies their own
 *   policies and delete hooks (and refuses the whole upsert if a `restrict` is hit);
 * - `restrict`: Objection deletes them through the relation, which the layer refuses;
 * - `nullify`, `unrelate` and relations without a policy (BelongsToOne): Objection unrelates
 *   them (foreign key set to NULL, or join rows deleted) and the rows stay.
 * The caller's own options are kept and win: its `unrelate` paths are added to, `unrelate: true`
 * unrelates everything, and a path its `noDelete` covers keeps its missing children.
 *
 * @example
 * upsertOptionsWithPolicies(Post, { id: 1, tags: [] }) // { unrelate: ['tags'] }
 */
export function upsertOptionsWithPolicies(
  modelClass: ModelClass<Model>,
  graph: unknown,
  options: UpsertGraphOptions = {},
): UpsertGraphOptions {
  if (options.unrelate === true || options.noDelete === true) return options;
  const kept = Array.isArray(options.noDelete) ? options.noDelete : [];
  const unrelated = relationPathsOf(modelClass, graph)
    .filter(({ path, ownerModelClass, relationName }) => {
      const policy = deletePolicyOf(ownerModelClass, relationName);
      return policy !== 'cascade' && policy !== 'restrict' && !kept.includes(path);
    })
    .map(({ path }) => path);
  const requested = Array.isArray(options.unrelate) ? options.unrelate : [];
  return { ...options, unrelate: [...new Set([...requested, ...unrelated])] };
}
