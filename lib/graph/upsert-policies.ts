import type { Model, ModelClass, Relation, UpsertGraphOptions } from 'objection';
import { deletePolicyOf } from '../delete/delete-policies';
import { relationFacts, unhandledKind } from '../objection/relation-facts';
import { relationPathsOf } from './relation-paths';

/** What a graph upsert does with the children missing from one relation path of the graph. */
export type MissingChildrenRemoval = 'delete' | 'unrelate' | 'keep';

/** Objection's removal of missing children: it deletes them, unless they are a parent. */
function removalWithoutPolicy(relation: Relation): MissingChildrenRemoval {
  const facts = relationFacts(relation);
  switch (facts.kind) {
    case 'belongsToOne':
    case 'morphTo':
      return 'unrelate';
    case 'morphMany':
    case 'morphOne':
    case 'hasMany':
    case 'hasOne':
    case 'manyToMany':
    case 'unsupported':
      return 'delete';
    // Read-only: a graph naming one is refused before this (ReadOnlyRelationError).
    case 'through':
    case 'recursive':
      return 'keep';
    default:
      return unhandledKind(facts);
  }
}

/**
 * What happens to the children missing from the relation at `path` (see
 * `upsertOptionsWithPolicies`): the caller's per-path `unrelate` and `noDelete` lists first, then
 * the relation's declared delete policy: `cascade` and `restrict` delete (the latter refused),
 * `nullify` and `unrelate` unrelate. A relation that declares no policy behaves as in
 * Objection, which deletes, except a BelongsToOne: the row it points at is a parent, which the
 * layer never deletes for its child, so it is unrelated.
 *
 * @example
 * missingChildrenRemoval(Post, 'tags', 'tags', {}) // 'unrelate'
 */
export function missingChildrenRemoval(
  ownerModelClass: ModelClass<Model>,
  relationName: string,
  path: string,
  options: UpsertGraphOptions,
): MissingChildrenRemoval {
  const isListed = (option: unknown) => Array.isArray(option) && option.includes(path);
  if (isListed(options.unrelate)) return 'unrelate';
  if (isListed(options.noDelete)) return 'keep';
  const policy = deletePolicyOf(ownerModelClass, relationName);
  if (policy === undefined) return removalWithoutPolicy(ownerModelClass.getRelation(relationName));
  return policy === 'cascade' || policy === 'restrict' ? 'delete' : 'unrelate';
}

/**
 * Objection's upsert options that make a graph upsert remove the children missing from each
 * relation it mentions the way that relation's declared delete policy says:
 * - `cascade`: Objection deletes them, through the layer's delete, which applies their own
 *   policies and delete hooks (and refuses the whole upsert if a `restrict` is hit);
 * - `restrict`: Objection deletes them through the relation, which the layer refuses;
 * - `nullify`, `unrelate` and BelongsToOne relations: Objection unrelates them (foreign key set
 *   to NULL, or join rows deleted) and the rows stay;
 * - other relations without a policy: Objection deletes them, as it does without the layer.
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
  const unrelated = relationPathsOf(modelClass, graph)
    .filter(
      ({ path, ownerModelClass, relationName }) =>
        missingChildrenRemoval(ownerModelClass, relationName, path, options) === 'unrelate',
    )
    .map(({ path }) => path);
  const requested = Array.isArray(options.unrelate) ? options.unrelate : [];
  return { ...options, unrelate: [...new Set([...requested, ...unrelated])] };
}
